using System.Diagnostics;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>Answers each register read at once with a valid RTU frame and records when requests were written and answers handed over.</summary>
internal sealed class AnsweringRtuLine : IRtuLine
{
    private readonly List<long> _writes = [];
    private readonly List<long> _answers = [];
    private readonly byte[] _pending = new byte[ModbusLimits.MaxRtuAduLength];
    private int _pendingLength;

    public bool Silent { get; set; }

    /// <summary>How long opening takes (a TCP connect to a slow device server); the open is cancellable.</summary>
    public TimeSpan OpenDelay { get; set; }

    public int Opens { get; private set; }

    public bool IsOpen { get; private set; }

    public async ValueTask OpenAsync(CancellationToken ct)
    {
        if (IsOpen)
        {
            return;
        }

        if (OpenDelay > TimeSpan.Zero)
        {
            await Task.Delay(OpenDelay, ct);
        }

        Opens++;
        IsOpen = true;
    }

    public ValueTask WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        _writes.Add(Stopwatch.GetTimestamp());
        var registers = new ushort[ModbusPdu.ReadUInt16(buffer, offset + 4)];
        int pdu = ModbusPdu.WriteRegistersResponse(FunctionCode.ReadHoldingRegisters, registers, registers.Length, _pending, RtuFraming.PduOffset);
        _pendingLength = RtuFraming.Seal(_pending, buffer[offset], pdu);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        if (Silent)
        {
            await Task.Delay(Timeout.Infinite, ct);
        }

        Array.Copy(_pending, 0, buffer, offset, _pendingLength);
        _answers.Add(Stopwatch.GetTimestamp());
        return _pendingLength;
    }

    public ValueTask DrainAsync(LineSilence silence, CancellationToken ct) => ValueTask.CompletedTask;

    public void Close() => IsOpen = false;

    public double ShortestSilenceBeforeARequestMicros()
    {
        double shortest = double.MaxValue;
        for (int i = 1; i < _writes.Count; i++)
        {
            shortest = Math.Min(shortest, (_writes[i] - _answers[i - 1]) * 1e6 / Stopwatch.Frequency);
        }

        return shortest;
    }

    public double MicrosBetweenWrites(int first, int second) => (_writes[second] - _writes[first]) * 1e6 / Stopwatch.Frequency;
}
