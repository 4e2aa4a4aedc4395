using System.Text.RegularExpressions;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Simulator;

namespace EdgeSensors.Gateway.Tests.Faults;

/// <summary>
/// gateway/examples/tank-farm.yaml on the test simulator, made into a load: every device polled every
/// <c>pollSeconds</c> and no deadband, so most tags are queued at every poll.
/// </summary>
internal static partial class FaultSiteConfig
{
    public static string Text(SimulatorHost simulator, double pollSeconds = 0.1)
    {
        string text = TestSimulator.ExampleConfigText(simulator);
        text = PollInterval().Replace(text, string.Empty);
        text = Deadband().Replace(text, string.Empty);
        string poll = pollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return UnitId().Replace(text, m => m.Value + "    poll_interval_s: " + poll + "\n");
    }

    [GeneratedRegex(@"^ +poll_interval_s: .*\n", RegexOptions.Multiline)]
    private static partial Regex PollInterval();

    [GeneratedRegex(@"^ +deadband: .*\n", RegexOptions.Multiline)]
    private static partial Regex Deadband();

    [GeneratedRegex(@"^    unit_id: \d+\n", RegexOptions.Multiline)]
    private static partial Regex UnitId();
}
