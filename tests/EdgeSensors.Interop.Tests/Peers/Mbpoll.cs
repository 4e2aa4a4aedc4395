using System.Globalization;
using System.Text.RegularExpressions;
using EdgeSensors.Interop.Tests.Support;

namespace EdgeSensors.Interop.Tests.Peers;

/// <summary>
/// Runs mbpoll (Debian package mbpoll, a libmodbus-based master) once and parses what it printed:
/// one "[address]: value" line per value. Addresses are 0-based (-0).
/// </summary>
internal static partial class Mbpoll
{
    public static string? MissingReason => PeerTools.MissingProgram("mbpoll", "mbpoll");

    /// <summary>Reads once; <paramref name="dataType"/> is mbpoll's -t value, e.g. "4:hex", "3", "0", "4:float".</summary>
    public static async Task<MbpollReadout> ReadAsync(PeerEndpoint endpoint, byte unit, string dataType, ushort address, int count, bool bigEndianWords = false)
    {
        var arguments = new List<string>
        {
            "-1", "-0", "-a", unit.ToString(CultureInfo.InvariantCulture), "-t", dataType,
            "-r", address.ToString(CultureInfo.InvariantCulture), "-c", count.ToString(CultureInfo.InvariantCulture), "-o", "2",
        };
        if (bigEndianWords)
        {
            arguments.Add("-B");
        }

        if (endpoint.IsRtu)
        {
            arguments.AddRange(["-m", "rtu", "-b", PeerEndpoint.Baud.ToString(CultureInfo.InvariantCulture), "-P", "none", endpoint.RtuDevice!]);
        }
        else
        {
            arguments.AddRange(["-m", "tcp", "-p", endpoint.TcpPort.ToString(CultureInfo.InvariantCulture), "127.0.0.1"]);
        }

        ToolResult run = await ToolRun.RunAsync("mbpoll", arguments, TimeSpan.FromSeconds(30));
        var values = new SortedDictionary<int, string>();
        foreach (Match match in ValueLine().Matches(run.StandardOutput))
        {
            values[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)] = match.Groups[2].Value;
        }

        return new MbpollReadout(run, values);
    }

    [GeneratedRegex(@"^\[(\d+)\]:\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex ValueLine();
}
