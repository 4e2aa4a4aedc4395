using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSensors.Interop.Tests.Support;

namespace EdgeSensors.Interop.Tests.Expected;

/// <summary>
/// tests/interop/expected-values.json, the single source of truth shared with pymodbus_server.py: what unit 1
/// holds (every type in every word order, input registers, coils, discrete inputs) and which request
/// produces which exception code.
/// </summary>
internal sealed record ExpectedValues(
    byte Unit,
    TableSizes Sizes,
    IReadOnlyList<TypedValue> HoldingValues,
    RegisterBlock InputRegisters,
    BitBlock Coils,
    BitBlock DiscreteInputs,
    AddressRange FaultyHoldingRange,
    IReadOnlyList<ExpectedException> Exceptions,
    SilentUnit SilentUnit)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Lazy<ExpectedValues> LazyShared = new(() => Load(RepoPaths.InteropFile("expected-values.json")));

    /// <summary>The checkout's expected-values.json, loaded once.</summary>
    public static ExpectedValues Shared => LazyShared.Value;

    public static ExpectedValues Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<ExpectedValues>(stream, Options)
            ?? throw new InvalidDataException(path + " is empty");
    }

    public TypedValue Value(string name) => HoldingValues.Single(v => v.Name == name);

    /// <summary>One past the last holding register a typed value uses.</summary>
    public int HoldingValuesEnd => HoldingValues.Max(v => v.Address + v.RegisterCount);
}
