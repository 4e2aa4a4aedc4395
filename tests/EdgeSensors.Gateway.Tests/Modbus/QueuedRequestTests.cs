using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>
/// Requests that wait behind the one in flight: a caller may cancel while queued, the bus reuses their pooled
/// waiting objects, and every caller still gets exactly its own values.
/// </summary>
public sealed class QueuedRequestTests
{
    [Fact]
    public async Task CancelledWhileQueued_IsNeverSent_AndTheRequestsAfterItGetTheirOwnValues()
    {
        var bank = new RegisterBank().AddUnit(1);
        bank.SetHolding(1, 0, 100, 101, 102, 103);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler(bank) { Gate = gate.Task };
        await using var rig = await InProcessTcpBus.StartAsync(handler, InProcessTcpBus.FastOptions() with { Timeout = TimeSpan.FromSeconds(30) });
        var held = new ushort[1];
        var cancelled = new ushort[1];
        var after = new ushort[1];

        ValueTask<ModbusOutcome> first = rig.Bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 0, held);
        await WaitUntil(() => handler.Served.Count == 1);
        using var cancel = new CancellationTokenSource();
        Task<ModbusOutcome> second = rig.Bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 1, cancelled, cancel.Token).AsTask();
        Task<ModbusOutcome> third = rig.Bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 2, after).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        gate.SetResult();

        Assert.True((await first).IsOk);
        Assert.True((await third).IsOk);
        Assert.Equal(100, held[0]);
        Assert.Equal(0, cancelled[0]);
        Assert.Equal(102, after[0]);
        Assert.Equal(2, handler.Served.Count);
        Assert.Equal(2, rig.Bus.Counters(1).Requests);

        // The pooled objects of the first requests are reused now; each read must still see its own address.
        var again = new ushort[1];
        for (ushort address = 0; address < 4; address++)
        {
            Assert.True((await rig.Bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, address, again)).IsOk);
            Assert.Equal(100 + address, again[0]);
        }
    }

    [Fact]
    public async Task ManyCallersOnSeveralUnits_EachGetTheirOwnValues()
    {
        var bank = new RegisterBank();
        for (byte unit = 1; unit <= 4; unit++)
        {
            bank.AddUnit(unit, size: 64);
            for (ushort address = 0; address < 64; address++)
            {
                bank.SetHolding(unit, address, (ushort)((unit * 1000) + address));
            }
        }

        await using var rig = await InProcessTcpBus.StartAsync(bank, InProcessTcpBus.FastOptions() with { Timeout = TimeSpan.FromSeconds(30) });

        async Task<int> CallerAsync(byte unit, int seed)
        {
            var random = new Random(seed);
            int wrong = 0;
            for (int i = 0; i < 40; i++)
            {
                var values = new ushort[random.Next(1, 6)];
                var address = (ushort)random.Next(0, 64 - values.Length);
                ModbusOutcome outcome = await rig.Bus.ReadRegistersAsync(unit, RegisterTable.HoldingRegister, address, values);
                for (int k = 0; k < values.Length; k++)
                {
                    if (!outcome.IsOk || values[k] != (unit * 1000) + address + k)
                    {
                        wrong++;
                    }
                }
            }

            return wrong;
        }

        var callers = new List<Task<int>>();
        for (int c = 0; c < 12; c++)
        {
            byte unit = (byte)(1 + (c % 4));
            int seed = c;
            callers.Add(Task.Run(() => CallerAsync(unit, seed)));
        }

        int[] wrongPerCaller = await Task.WhenAll(callers);

        Assert.All(wrongPerCaller, wrong => Assert.Equal(0, wrong));
        long requests = rig.Bus.AllCounters.Sum(c => c.Requests);
        Assert.Equal(12 * 40, requests);
    }

    [Fact]
    public async Task DisposingTheBus_CancelsTheRequestInFlightAndTheQueuedOnes()
    {
        var bank = new RegisterBank().AddUnit(1);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler(bank) { Gate = gate.Task };
        await using var rig = await InProcessTcpBus.StartAsync(handler, InProcessTcpBus.FastOptions() with { Timeout = TimeSpan.FromSeconds(30) });

        Task<ModbusOutcome> inFlight = rig.Bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 0, new ushort[1]).AsTask();
        await WaitUntil(() => handler.Served.Count == 1);
        Task<ModbusResult> queued = rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 1, 1);
        await rig.Bus.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Throws<ObjectDisposedException>(() => rig.Bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 0, new ushort[1]));
        gate.SetResult();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }
}
