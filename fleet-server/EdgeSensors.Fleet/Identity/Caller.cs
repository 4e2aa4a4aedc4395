namespace EdgeSensors.Fleet.Identity;

/// <summary>Who is acting in this scope, as written into the audit log: "user:NAME", "apikey:NAME" or "cli".</summary>
public sealed class Caller
{
    public string Actor { get; private set; } = "anonymous";

    public void Set(string actor) => Actor = actor;
}
