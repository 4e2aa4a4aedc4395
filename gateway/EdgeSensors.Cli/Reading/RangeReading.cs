using EdgeSensors.Gateway.Modbus.Master;

namespace EdgeSensors.Cli.Reading;

/// <summary>The outcome of one address-mode read: the request, the bus result and the decoded values (empty on failure).</summary>
public sealed record RangeReading(string Connection, RegisterRange Range, ModbusResult Result, IReadOnlyList<DecodedValue> Values, DateTimeOffset Time)
    : PollOutcome
{
    public override bool IsOk => Result.IsOk;

    public override int ExitCode => ExitCodes.FromStatus(Result.Status);

    public override string? Error => Result.IsOk ? null : Result.Describe();

    public static async Task<RangeReading> ReadAsync(ModbusBus bus, RegisterRange range, CancellationToken ct)
    {
        ModbusResult result = await bus.ReadAsync(range.Unit, range.Table, range.Start.Address, (ushort)range.Quantity, ct);
        return new RangeReading(bus.Name, range, result, RegisterRangeDecoder.Decode(range, result), DateTimeOffset.UtcNow);
    }
}
