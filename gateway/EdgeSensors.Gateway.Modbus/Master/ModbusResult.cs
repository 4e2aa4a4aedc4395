using System.Globalization;
using EdgeSensors.Gateway.Modbus.Addressing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Master;

/// <summary>The outcome of one request through a <see cref="ModbusBus"/>, after retries. Failures are values, not exceptions.</summary>
public sealed class ModbusResult
{
    public ModbusStatus Status { get; init; }

    /// <summary>Set when <see cref="Status"/> is <see cref="ModbusStatus.ExceptionResponse"/>.</summary>
    public ExceptionCode ExceptionCode { get; init; }

    public byte Unit { get; init; }

    public RegisterTable Table { get; init; }

    /// <summary>0-based protocol address of the first register or coil.</summary>
    public ushort Address { get; init; }

    /// <summary>Registers or bits asked for (read) or written.</summary>
    public int Count { get; init; }

    /// <summary>Registers read (length <see cref="Count"/> for a successful register read, else empty).</summary>
    public ushort[] Registers { get; init; } = [];

    /// <summary>Bits read (length <see cref="Count"/> for a successful coil or discrete input read, else empty).</summary>
    public bool[] Bits { get; init; } = [];

    /// <summary>From the request being taken off the queue to its final outcome, retries included.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Frames sent for this request; 0 when it failed fast (isolated unit).</summary>
    public int Attempts { get; init; }

    public bool IsOk => Status == ModbusStatus.Ok;

    /// <summary>
    /// The result of a read of <paramref name="count"/> registers or bits at <paramref name="address"/>, from its
    /// outcome; the values are kept only when it succeeded.
    /// </summary>
    public static ModbusResult FromOutcome(ModbusOutcome outcome, byte unit, RegisterTable table, ushort address, int count, ushort[]? registers = null, bool[]? bits = null) => new()
    {
        Status = outcome.Status,
        ExceptionCode = outcome.ExceptionCode,
        Unit = unit,
        Table = table,
        Address = address,
        Count = count,
        Registers = outcome.IsOk && registers is not null ? registers : [],
        Bits = outcome.IsOk && bits is not null ? bits : [],
        Latency = outcome.Latency,
        Attempts = outcome.Attempts,
    };

    /// <summary>
    /// One line naming unit, table, register number, 0-based address and cause, e.g.
    /// "unit 3, holding register 40001 (address 0x0000) x2: timeout after 3 attempts: no response; check wiring ...".
    /// </summary>
    public string Describe()
    {
        string where = "unit " + Unit.ToString(CultureInfo.InvariantCulture) + ", " + RegisterAddress.TableName(Table) + " "
            + RegisterAddress.RegisterNumber(Table, Address) + " (address 0x" + Address.ToString("X4", CultureInfo.InvariantCulture) + ") x"
            + Count.ToString(CultureInfo.InvariantCulture) + ": ";
        return where + Cause();
    }

    public override string ToString() => Describe();

    private string Cause()
    {
        switch (Status)
        {
            case ModbusStatus.Ok:
                return "ok in " + Latency.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms" + AttemptsSuffix();
            case ModbusStatus.ExceptionResponse:
                return ModbusText.Describe(ExceptionCode);
            case ModbusStatus.UnitIsolated:
                return ModbusText.Describe(Status);
            default:
                {
                    // "timeout: no response; ..." becomes "timeout after 3 attempts: no response; ..."
                    string text = ModbusText.Describe(Status);
                    if (Attempts <= 1)
                    {
                        return text;
                    }

                    int colon = text.IndexOf(':', StringComparison.Ordinal);
                    string attempts = " after " + Attempts.ToString(CultureInfo.InvariantCulture) + " attempts";
                    return colon < 0 ? text + attempts : text[..colon] + attempts + text[colon..];
                }
        }
    }

    private string AttemptsSuffix() => Attempts > 1 ? " (" + Attempts.ToString(CultureInfo.InvariantCulture) + " attempts)" : "";
}
