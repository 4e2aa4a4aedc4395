using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Profiles.Loading;

/// <summary>The words a profile file may use, and what they mean. The JSON schema lists the same words.</summary>
internal static class Vocabulary
{
    public static readonly string[] RootKeys = ["id", "manufacturer", "model", "description", "source", "line", "word_order", "tags"];

    public static readonly string[] LineKeys = ["baud", "parity", "data_bits", "stop_bits", "unit"];

    public static readonly string[] TagKeys =
    [
        "name", "description", "table", "address", "register_number", "type", "word_order", "scale", "decimals_from",
        "unit", "unit_from", "range", "kind", "bits", "fault_when",
    ];

    public static readonly string[] ScaleKeys = ["gain", "offset"];

    public static readonly string[] RangeKeys = ["min", "max"];

    public static readonly string[] BitKeys = ["meaning", "severity"];

    public static readonly string[] FaultKeys = ["tag", "bit", "mask"];

    public static readonly string[] UnitFromKeys = ["tag", "low_bit", "width", "map"];

    public static readonly int[] StandardBauds = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

    public static readonly Dictionary<string, RegisterTable> Tables = new(StringComparer.Ordinal)
    {
        ["holding"] = RegisterTable.HoldingRegister,
        ["input"] = RegisterTable.InputRegister,
        ["coil"] = RegisterTable.Coil,
        ["discrete"] = RegisterTable.DiscreteInput,
    };

    /// <summary>"bool" is the only type of a coil or discrete input; the others are register encodings.</summary>
    public static readonly Dictionary<string, DataType?> Types = new(StringComparer.Ordinal)
    {
        ["uint16"] = DataType.UInt16,
        ["int16"] = DataType.Int16,
        ["uint32"] = DataType.UInt32,
        ["int32"] = DataType.Int32,
        ["float32"] = DataType.Float32,
        ["uint64"] = DataType.UInt64,
        ["int64"] = DataType.Int64,
        ["float64"] = DataType.Float64,
        ["bool"] = null,
    };

    public static readonly Dictionary<string, WordOrder> WordOrders = new(StringComparer.Ordinal)
    {
        ["ABCD"] = WordOrder.ABCD,
        ["CDAB"] = WordOrder.CDAB,
        ["BADC"] = WordOrder.BADC,
        ["DCBA"] = WordOrder.DCBA,
    };

    public static readonly Dictionary<string, TagKind> Kinds = new(StringComparer.Ordinal)
    {
        ["measurement"] = TagKind.Measurement,
        ["status"] = TagKind.Status,
        ["setpoint"] = TagKind.Setpoint,
        ["config"] = TagKind.Config,
    };

    public static readonly Dictionary<string, Severity> Severities = new(StringComparer.Ordinal)
    {
        ["fault"] = Severity.Fault,
        ["alarm"] = Severity.Alarm,
        ["info"] = Severity.Info,
    };

    public static readonly Dictionary<string, LineParity> Parities = new(StringComparer.Ordinal)
    {
        ["none"] = LineParity.None,
        ["even"] = LineParity.Even,
        ["odd"] = LineParity.Odd,
    };

    public static string TableWord(RegisterTable table) => Tables.First(pair => pair.Value == table).Key;
}
