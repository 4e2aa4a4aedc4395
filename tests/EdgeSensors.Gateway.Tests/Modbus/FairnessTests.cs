using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>Round-robin between units with queued work: a chatty unit cannot hog the bus.</summary>
public sealed class FairnessTests
{
    [Fact]
    public async Task QuietUnit_IsServedWithinOneExchange_OfAChattyUnitsBacklog()
    {
        var bank = new RegisterBank().AddUnit(1).AddUnit(2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler(bank) { Gate = gate.Task };
        await using var rig = await InProcessTcpBus.StartAsync(handler, InProcessTcpBus.FastOptions() with { Timeout = TimeSpan.FromSeconds(30) });

        // The first chatty request reaches the server and is held there; everything else queues on the bus.
        var chatty = new List<Task<ModbusResult>> { rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1) };
        await WaitUntil(() => handler.Served.Count == 1);
        for (int i = 1; i < 20; i++)
        {
            chatty.Add(rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, (ushort)i, 1));
        }

        var quiet = rig.Bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1);
        gate.SetResult();
        await Task.WhenAll(chatty);
        Assert.True((await quiet).IsOk);

        IReadOnlyList<byte> order = handler.Served;
        Assert.Equal(21, order.Count);
        Assert.Equal(1, order[0]);
        Assert.True(IndexOf(order, 2) <= 2, "unit 2 waited behind " + IndexOf(order, 2) + " exchanges: " + string.Join(",", order));
    }

    [Fact]
    public async Task ThreeUnitsWithBacklogs_AreInterleavedRoundRobin()
    {
        var bank = new RegisterBank().AddUnit(1).AddUnit(2).AddUnit(3).AddUnit(9);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler(bank) { Gate = gate.Task };
        await using var rig = await InProcessTcpBus.StartAsync(handler, InProcessTcpBus.FastOptions() with { Timeout = TimeSpan.FromSeconds(30) });

        var all = new List<Task<ModbusResult>> { rig.Bus.ReadAsync(9, RegisterTable.HoldingRegister, 0, 1) };
        await WaitUntil(() => handler.Served.Count == 1);
        for (int i = 0; i < 4; i++)
        {
            all.Add(rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1));
        }

        for (int i = 0; i < 4; i++)
        {
            all.Add(rig.Bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1));
            all.Add(rig.Bus.ReadAsync(3, RegisterTable.HoldingRegister, 0, 1));
        }

        gate.SetResult();
        await Task.WhenAll(all);

        // After the held request to unit 9, the backlogs rotate 1, 2, 3 instead of draining unit 1 first.
        byte[] rest = handler.Served.Skip(1).ToArray();
        Assert.Equal(new byte[] { 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3 }, rest);
    }

    private static int IndexOf(IReadOnlyList<byte> order, byte unit)
    {
        for (int i = 0; i < order.Count; i++)
        {
            if (order[i] == unit)
            {
                return i;
            }
        }

        return -1;
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
