using System.Globalization;
using EdgeSensors.Interop.Tests.Support;

namespace EdgeSensors.Interop.Tests.Peers;

/// <summary>What modbus_client printed: "ADDRESS VALUE" lines, or "exception N" with exit code 4.</summary>
internal sealed record LibmodbusReadout(ToolResult Run, IReadOnlyList<(int Address, int Value)> Values, int? ExceptionCode)
{
    public static LibmodbusReadout Parse(ToolResult run)
    {
        var values = new List<(int, int)>();
        int? exception = null;
        foreach (string line in run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split(' ');
            if (fields is ["exception", var code])
            {
                exception = int.Parse(code, CultureInfo.InvariantCulture);
            }
            else if (fields.Length == 2)
            {
                values.Add((int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture)));
            }
        }

        return new LibmodbusReadout(run, values, exception);
    }

    public int[] ValuesFrom(int address) => Values.Select((v, i) => v.Address == address + i ? v.Value : throw new Xunit.Sdk.XunitException("address gap in output\n" + Run)).ToArray();
}
