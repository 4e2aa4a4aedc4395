using System.Globalization;
using EdgeSensors.Interop.Tests.Support;

namespace EdgeSensors.Interop.Tests.Peers;

/// <summary>What one mbpoll run printed: the value text per 0-based address, and the whole run for messages.</summary>
internal sealed record MbpollReadout(ToolResult Run, SortedDictionary<int, string> Values)
{
    public ushort[] HexRegisters(int address, int count) => Range(address, count, text => Convert.ToUInt16(text, 16));

    public ushort[] Registers(int address, int count) => Range(address, count, text => ushort.Parse(text, CultureInfo.InvariantCulture));

    public bool[] Bits(int address, int count) => Range(address, count, text => text == "1");

    public double Number(int address) => double.Parse(Single(address), CultureInfo.InvariantCulture);

    public long Integer(int address) => long.Parse(Single(address), CultureInfo.InvariantCulture);

    private string Single(int address)
    {
        return Values.TryGetValue(address, out string? text) ? text : throw new Xunit.Sdk.XunitException("mbpoll printed no value for " + address + "\n" + Run);
    }

    private T[] Range<T>(int address, int count, Func<string, T> parse)
    {
        var result = new T[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = parse(Single(address + i));
        }

        return result;
    }
}
