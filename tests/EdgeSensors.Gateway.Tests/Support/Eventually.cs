namespace EdgeSensors.Gateway.Tests.Support;

/// <summary>Polls a condition that real processes, brokers and sockets make true in their own time.</summary>
internal static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, checking every <paramref name="pollMs"/> ms, for at most <paramref name="seconds"/> s.</summary>
    /// <param name="condition">What must become true.</param>
    /// <param name="seconds">Time limit (s).</param>
    /// <param name="pollMs">Time between checks (ms).</param>
    /// <param name="describe">What to show when the time is up (the state the condition looked at).</param>
    public static async Task WaitUntilAsync(Func<bool> condition, int seconds = 15, int pollMs = 50, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within " + seconds + " s" + (describe is null ? string.Empty : ": " + describe()));
            await Task.Delay(pollMs);
        }
    }
}
