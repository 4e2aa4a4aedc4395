namespace EdgeSensors.Fleet.Identity;

/// <summary>Sign-in settings. Section "Fleet:Auth".</summary>
public sealed class AuthOptions
{
    public const string Section = "Fleet:Auth";

    /// <summary>How long a session token is valid after sign-in (default 12 h).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Shortest password accepted, in characters (default 12).</summary>
    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>
    /// First start with no users: the admin's password. Empty (the default) means a random one-time password that is
    /// printed once to the log.
    /// </summary>
    public string? BootstrapAdminPassword { get; set; }

    /// <summary>First start: the first tenant's name and the admin's user name.</summary>
    public string BootstrapTenant { get; set; } = "default";
    public string BootstrapAdminUser { get; set; } = "admin";

    /// <summary>Create the first tenant and admin when the database has no user (default true).</summary>
    public bool BootstrapOnStart { get; set; } = true;
}
