namespace EdgeSensors.Fleet.Identity.SignInLimits;

/// <summary>
/// One sign-in attempt that was let through, kept for the sliding window: <see cref="Key"/> is "ip:ADDRESS" or
/// "user:NAME". In the database, so every instance on it counts the same attempts.
/// </summary>
public sealed class SignInAttempt
{
    public Guid Id { get; set; }
    public required string Key { get; set; }
    public DateTime At { get; set; }
}
