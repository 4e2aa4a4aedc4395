using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>The poll-loop API: values land in the caller's buffer, outcomes are values, nothing is allocated per request.</summary>
public sealed class ReadIntoBufferTests
{
    [Fact]
    public async Task ReadRegistersAsync_FillsTheCallersBuffer_AndCountsTheExchange()
    {
        var bank = new RegisterBank().AddUnit(4);
        bank.SetHolding(4, 20, 7, 8, 9);
        bank.SetInput(4, 20, 70, 80);
        await using var rig = await InProcessTcpBus.StartAsync(bank);
        var holding = new ushort[3];
        var input = new ushort[2];

        ModbusOutcome first = await rig.Bus.ReadRegistersAsync(4, RegisterTable.HoldingRegister, 20, holding);
        ModbusOutcome second = await rig.Bus.ReadRegistersAsync(4, RegisterTable.InputRegister, 20, input);

        Assert.True(first.IsOk, first.Status.ToString());
        Assert.Equal(new ushort[] { 7, 8, 9 }, holding);
        Assert.Equal(new ushort[] { 70, 80 }, input);
        Assert.Equal(1, second.Attempts);
        Assert.Equal(2, rig.Bus.Counters(4).Successes);
        Assert.Equal(2, rig.Bus.Counters(4).LatencyHistogram.Count);
    }

    [Fact]
    public async Task ReadBitsAsync_FillsTheCallersBuffer()
    {
        var bank = new RegisterBank().AddUnit(2);
        bank.SetCoils(2, 3, true, false, true);
        bank.SetDiscreteInputs(2, 0, false, true);
        await using var rig = await InProcessTcpBus.StartAsync(bank);
        var coils = new bool[3];
        var inputs = new bool[2];

        ModbusOutcome coilOutcome = await rig.Bus.ReadBitsAsync(2, RegisterTable.Coil, 3, coils);
        ModbusOutcome inputOutcome = await rig.Bus.ReadBitsAsync(2, RegisterTable.DiscreteInput, 0, inputs);

        Assert.True(coilOutcome.IsOk && inputOutcome.IsOk);
        Assert.Equal(new[] { true, false, true }, coils);
        Assert.Equal(new[] { false, true }, inputs);
    }

    [Fact]
    public async Task AFailedRead_LeavesTheBufferAsItWas_SoNoStaleOrPartialValueIsTakenForNew()
    {
        var bank = new RegisterBank().AddUnit(1, size: 4);
        await using var rig = await InProcessTcpBus.StartAsync(bank);
        ushort[] buffer = [11, 22, 33];

        ModbusOutcome outcome = await rig.Bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 2, buffer);

        Assert.Equal(ModbusStatus.ExceptionResponse, outcome.Status);
        Assert.Equal(ExceptionCode.IllegalDataAddress, outcome.ExceptionCode);
        Assert.Equal(new ushort[] { 11, 22, 33 }, buffer);
    }

    [Fact]
    public async Task TheWrongTableOrSize_IsRejectedBeforeAnythingIsSent()
    {
        var transport = new CodecLoopbackTransport();
        await using var bus = new ModbusBus(transport);

        Assert.Throws<ArgumentOutOfRangeException>(() => bus.ReadRegistersAsync(1, RegisterTable.Coil, 0, new ushort[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => bus.ReadBitsAsync(1, RegisterTable.HoldingRegister, 0, new bool[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 0, new ushort[126]));
        Assert.Throws<ArgumentOutOfRangeException>(() => bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 0, Memory<ushort>.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 65535, new ushort[2]));
        Assert.Equal(0, transport.Exchanges);
    }

    [Fact]
    public async Task OnAnIdleBus_AReadRunsOnTheCallersThread_AndAllocatesNothing()
    {
        var transport = new CodecLoopbackTransport();
        await using var bus = new ModbusBus(transport);
        var values = new ushort[125];
        for (int i = 0; i < 200; i++)
        {
            await bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, (ushort)i, values); // warm up (JIT, counters, health)
        }

        // Up to 3 rounds of 1,000 reads: the runtime may do one-off work on this thread in a round (tiered JIT promotion
        // of the hot path under a loaded CI machine). A per-read allocation would show in every round, at >= 1,000 B.
        int failures = 0;
        int completedLater = 0;
        long allocated = -1;
        int rounds = 0;
        while (allocated != 0 && rounds < 3)
        {
            rounds++;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                ValueTask<ModbusOutcome> pending = bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, (ushort)i, values);
                if (!pending.IsCompletedSuccessfully)
                {
                    completedLater++; // then the await below would hop threads and the count would not be this thread's
                }

                ModbusOutcome outcome = await pending;
                if (!outcome.IsOk || values[124] != CodecLoopbackTransport.ValueAt(i + 124))
                {
                    failures++;
                }
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, failures);
        Assert.Equal(0, completedLater);
        Assert.Equal(0, allocated);
        Assert.Equal(1000 * rounds, bus.Counters(1).Successes - 200);
    }
}
