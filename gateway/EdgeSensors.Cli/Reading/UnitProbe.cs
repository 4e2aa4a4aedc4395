using EdgeSensors.Cli.Options;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Cli.Reading;

/// <summary>One scan hit: a unit that answered (normally or with an exception) at these line settings.</summary>
public sealed record FoundUnit(byte Unit, ConnectionSpec Connection, ModbusResult Reply)
{
    /// <summary>"ok" or e.g. "exception 02": an exception reply still proves the unit exists.</summary>
    public string ReplyText => Reply.IsOk ? "ok" : $"exception {(byte)Reply.ExceptionCode:X2}";
}

/// <summary>Probes units with a read of holding register 0 x1: any reply, even a Modbus exception, proves a unit is there.</summary>
public static class UnitProbe
{
    public static BusOptions ProbeOptions(TimeSpan timeout, int retries) => new()
    {
        Timeout = timeout,
        Retries = retries,

        // Every unit is probed once, so isolation would only hide units; keep it out of the way.
        IsolateAfterConsecutiveTimeouts = int.MaxValue,
    };

    public static Task<ModbusResult> ProbeAsync(ModbusBus bus, byte unit, CancellationToken ct) =>
        bus.ReadAsync(unit, RegisterTable.HoldingRegister, 0, 1, ct);

    public static bool Answered(ModbusResult result) => result.Status is ModbusStatus.Ok or ModbusStatus.ExceptionResponse;
}
