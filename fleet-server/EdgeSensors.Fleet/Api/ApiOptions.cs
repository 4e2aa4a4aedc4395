namespace EdgeSensors.Fleet.Api;

/// <summary>Request limits. Section "Fleet:Api".</summary>
public sealed class ApiOptions
{
    public const string Section = "Fleet:Api";

    /// <summary>Largest request body accepted, in bytes (default 1 MiB); larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Sign-in attempts, and apart from them enrolment attempts, allowed per client address in any 60 s, across all instances (default 10); more get 429.</summary>
    public int SignInPermitsPerMinute { get; set; } = 10;

    /// <summary>Sign-in attempts allowed per user name in any 60 s, across all instances and addresses (default 10); more get 429.</summary>
    public int SignInPermitsPerUserPerMinute { get; set; } = 10;

    /// <summary>
    /// Bearer tokens (sessions, API keys) that match nothing, allowed per client address in a 60 s window on one
    /// instance (default 30); past that, bearer requests from the address get 429 until the window ends.
    /// </summary>
    public int FailedTokenPermitsPerMinute { get; set; } = 30;
}
