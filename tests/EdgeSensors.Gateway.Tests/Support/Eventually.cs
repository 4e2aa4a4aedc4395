namespace EdgeSensors.Gateway.Tests.Support;

/// <summary>Polls a condition that real processes, brokers and sockets make true in their own time.</summary>
internal static class Eventually
{
    public static async Task WaitUntilAsync(Func<bool> condition, int seconds = 15, int pollMs = 50)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within " + seconds + " s");
            await Task.Delay(pollMs);
        }
    }
}
