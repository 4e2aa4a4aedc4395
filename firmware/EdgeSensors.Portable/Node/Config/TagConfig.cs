using EdgeSensors.Alarms;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Node.Config;

/// <summary>One published value of a device: where its registers are, how they decode and scale, its unit and alarms.</summary>
public sealed class TagConfig
{
    public TagConfig(string name, string path, RegisterTable table, ushort address)
    {
        Name = name;
        Path = path;
        Table = table;
        Address = address;
    }

    /// <summary>The tag's name within its device ("concentration").</summary>
    public string Name { get; }

    /// <summary>The published tag, "device/tag": the telemetry "tag" and the alarm evaluator's tag name.</summary>
    public string Path { get; }

    /// <summary>Holding or input registers.</summary>
    public RegisterTable Table { get; }

    /// <summary>0-based protocol address of the first register.</summary>
    public ushort Address { get; }

    public DataType Type { get; set; } = DataType.UInt16;

    public WordOrder Order { get; set; } = WordOrder.ABCD;

    /// <summary>Engineering value = raw x scale + offset.</summary>
    public double Scale { get; set; } = 1;

    public double Offset { get; set; }

    /// <summary>Engineering unit ("%LEL", "bar", "m"); "" when dimensionless.</summary>
    public string Unit { get; set; } = "";

    /// <summary>Lower end of the measuring range in <see cref="Unit"/>; NaN when not set. Outside the range a value is out_of_range.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>Upper end of the measuring range in <see cref="Unit"/>; NaN when not set.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>
    /// The device's status tag whose bits say this value is not to be trusted (the gateway profile's fault_when), by
    /// name; "" when none. Its bits in <see cref="FaultMask"/> set make the value sensor_fault.
    /// </summary>
    public string FaultTag { get; set; } = "";

    /// <summary>Status bits (bit n = 1 &lt;&lt; n, bits 0-15) that mean a fault; 0 when <see cref="FaultTag"/> is "".</summary>
    public int FaultMask { get; set; }

    /// <summary>Index of <see cref="FaultTag"/> in the device's tags, resolved when the config is validated; -1 when none.</summary>
    public int FaultTagIndex { get; set; } = -1;

    /// <summary>The tag's alarms, or null when it has none.</summary>
    public TagAlarmConfig? Alarms { get; set; }

    /// <summary>Registers the value spans.</summary>
    public int RegisterCount => DataTypes.RegisterCount(Type);
}
