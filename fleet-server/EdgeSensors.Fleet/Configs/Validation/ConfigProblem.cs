namespace EdgeSensors.Fleet.Configs.Validation;

/// <summary>
/// Why a submitted config is refused: the key path (devices[0].tags[0].alarms.limits.h, as the gateway loader writes
/// it), what is wrong, how to fix it, and where in the body (1-based; 0 when not known). <see cref="Rule"/> is
/// "validation" for the gateway loader's errors, else the safety rule that fired.
/// </summary>
public sealed record ConfigProblem(string Rule, string Path, string Message, string? Fix = null, int Line = 0, int Column = 0)
{
    public const string Validation = "validation";

    public override string ToString() => Fix is null ? $"{Path}: {Message}" : $"{Path}: {Message}. fix: {Fix}";
}
