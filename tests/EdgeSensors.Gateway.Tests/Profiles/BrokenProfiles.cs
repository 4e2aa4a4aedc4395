namespace EdgeSensors.Gateway.Tests.Profiles;

/// <summary>Small profile texts for error tests; line numbers in the tests refer to these exact layouts.</summary>
internal static class BrokenProfiles
{
    public static string Minimal(string id) =>
        $"""
        id: {id}
        manufacturer: Test
        model: T1
        source: test
        tags:
          - name: pv
            table: holding
            address: 0
            type: uint16
            unit: bar

        """;

    /// <summary>The lines joined with newlines, so a test can count lines: line 1 is lines[0].</summary>
    public static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    public static readonly string[] Header = ["id: test", "manufacturer: Test", "model: T1", "source: test", "tags:"];
}
