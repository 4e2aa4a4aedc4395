using EdgeSensors.Gateway.Modbus.Addressing;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Cli.Reading;

/// <summary>Splits a successful read into values and decodes each one (in every word order for the probe).</summary>
public static class RegisterRangeDecoder
{
    /// <summary>The order of the four columns of --order all.</summary>
    public static readonly WordOrder[] AllOrders = [WordOrder.ABCD, WordOrder.CDAB, WordOrder.BADC, WordOrder.DCBA];

    public static IReadOnlyList<DecodedValue> Decode(RegisterRange range, ModbusResult result)
    {
        var values = new List<DecodedValue>(range.ValueCount);
        if (!result.IsOk)
        {
            return values;
        }

        for (int i = 0; i < range.ValueCount; i++)
        {
            var address = (ushort)(range.Start.Address + (i * range.Width));
            string number = RegisterAddress.RegisterNumber(range.Table, address);
            if (range.IsBits)
            {
                bool bit = result.Bits[i];
                values.Add(new DecodedValue(number, address, [], bit, [bit ? 1 : 0]));
                continue;
            }

            ushort[] raw = result.Registers.AsSpan(i * range.Width, range.Width).ToArray();
            double[] decoded = range.Decoding.AllOrders
                ? Array.ConvertAll(AllOrders, order => RegisterDecoder.Decode(raw, 0, range.Decoding.Type, order))
                : [RegisterDecoder.Decode(raw, 0, range.Decoding.Type, range.Decoding.Order)];
            values.Add(new DecodedValue(number, address, raw, null, decoded));
        }

        return values;
    }
}
