namespace EdgeSensors.Interop.Tests.Support;

/// <summary>
/// What a test does when a third-party peer (socat, mbpoll, pymodbus, gcc) is missing: in CI (CI=true) the
/// test fails, because CI installs every peer and a missing one means the install step broke; on a
/// developer's machine it is skipped with the reason, so the rest of the suite stays usable.
/// </summary>
internal static class PeerGate
{
    public static bool IsCi
    {
        get
        {
            string? ci = Environment.GetEnvironmentVariable("CI");
            return string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1";
        }
    }

    /// <summary>Returns when <paramref name="missingReason"/> is null; otherwise fails (CI) or skips (locally).</summary>
    public static void Require(string? missingReason)
    {
        if (missingReason is null)
        {
            return;
        }

        if (IsCi)
        {
            Assert.Fail("interop peer missing in CI: " + missingReason);
        }

        Skip.If(true, "interop peer missing: " + missingReason + " (with CI=true this fails instead)");
    }
}
