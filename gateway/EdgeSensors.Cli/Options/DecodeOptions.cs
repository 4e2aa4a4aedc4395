using System.CommandLine;
using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Cli.Options;

/// <summary>How to turn registers into numbers: --type and --order (or --order all, the word-order probe).</summary>
public sealed class DecodeOptions
{
    public Option<string> Type { get; } = new Option<string>("--type")
    {
        Description = "Value type: uint16, int16, uint32, int32, float32 (also uint64, int64, float64).",
        DefaultValueFactory = _ => "uint16",
    }.AcceptOnlyFromAmong("uint16", "int16", "uint32", "int32", "float32", "uint64", "int64", "float64");

    public Option<string> Order { get; } = new Option<string>("--order")
    {
        Description = "Byte order of multi-register values: ABCD (big-endian), CDAB (word-swapped), BADC (byte-swapped), "
            + "DCBA (little-endian), or all to print every interpretation side by side.",
        DefaultValueFactory = _ => "ABCD",
    }.AcceptOnlyFromAmong("ABCD", "CDAB", "BADC", "DCBA", "all");

    public void AddTo(Command command)
    {
        command.Options.Add(Type);
        command.Options.Add(Order);
    }

    public Decoding Read(ParseResult parse)
    {
        DataType type = ParseType(parse.GetValue(Type) ?? "uint16");
        string order = parse.GetValue(Order) ?? "ABCD";
        return order == "all"
            ? new Decoding(type, WordOrder.ABCD, AllOrders: true)
            : new Decoding(type, Enum.Parse<WordOrder>(order), AllOrders: false);
    }

    public static DataType ParseType(string name) => name switch
    {
        "int16" => DataType.Int16,
        "uint32" => DataType.UInt32,
        "int32" => DataType.Int32,
        "float32" => DataType.Float32,
        "uint64" => DataType.UInt64,
        "int64" => DataType.Int64,
        "float64" => DataType.Float64,
        _ => DataType.UInt16,
    };

    public static string TypeName(DataType type) => type.ToString().ToLowerInvariant();
}

/// <summary>The decoding chosen on the command line.</summary>
public readonly record struct Decoding(DataType Type, WordOrder Order, bool AllOrders);
