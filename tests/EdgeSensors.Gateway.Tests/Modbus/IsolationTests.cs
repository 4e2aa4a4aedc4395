using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>A dead unit is isolated so it cannot starve healthy units on the same bus; probes bring it back.</summary>
public sealed class IsolationTests
{
    private static BusOptions Options(ManualClock clock) => InProcessTcpBus.FastOptions() with
    {
        IsolateAfterConsecutiveTimeouts = 2,
        IsolationBackoff = TimeSpan.FromSeconds(5),
        MaxIsolationBackoff = TimeSpan.FromSeconds(60),
        TimeProvider = clock,
    };

    [Fact]
    public async Task DeadUnit_IsIsolatedAfterNTimeouts_WhileHealthyUnitKeepsBeingServed()
    {
        var bank = new RegisterBank().AddUnit(1).AddUnit(2);
        bank.SetHolding(1, 0, 7);
        bank.SetAction(2, ServerAction.NoReply);
        var clock = new ManualClock();
        await using var rig = await InProcessTcpBus.StartAsync(bank, Options(clock));

        var first = await rig.Bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1);
        var second = await rig.Bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1);
        Assert.Equal(ModbusStatus.Timeout, first.Status);
        Assert.Equal(ModbusStatus.Timeout, second.Status);
        Assert.True(rig.Bus.IsIsolated(2));

        // Interleave: the dead unit fails fast without touching the wire; the healthy one is answered each time.
        for (int i = 0; i < 5; i++)
        {
            var dead = await rig.Bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1);
            var healthy = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);
            Assert.Equal(ModbusStatus.UnitIsolated, dead.Status);
            Assert.Equal(0, dead.Attempts);
            Assert.True(healthy.IsOk, healthy.Describe());
        }

        Assert.Equal(2, rig.Bus.Counters(2).Requests);
        Assert.Equal(2, rig.Bus.Counters(2).Timeouts);
        Assert.Equal(5, rig.Bus.Counters(2).IsolatedRejections);
        Assert.Equal(5, rig.Bus.Counters(1).Successes);
        Assert.False(rig.Bus.IsIsolated(1));
    }

    [Fact]
    public async Task AfterTheBackoff_OneProbeGoesThrough_AndAFailedProbeDoublesTheWait()
    {
        var bank = new RegisterBank().AddUnit(2);
        bank.SetAction(2, ServerAction.NoReply);
        var clock = new ManualClock();
        await using var rig = await InProcessTcpBus.StartAsync(bank, Options(clock) with { Retries = 2 });

        var isolating = await rig.Bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1);
        Assert.Equal(2, isolating.Attempts); // retries stop once the unit is isolated
        Assert.True(rig.Bus.IsIsolated(2));

        clock.Advance(TimeSpan.FromSeconds(5));
        var probe = await rig.Bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1);
        Assert.Equal(ModbusStatus.Timeout, probe.Status);
        Assert.Equal(1, probe.Attempts); // a probe is a single frame
        Assert.Equal(3, rig.Bus.Counters(2).Requests);

        // The next probe waits 10 s now, not 5.
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(ModbusStatus.UnitIsolated, (await rig.Bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1)).Status);
        clock.Advance(TimeSpan.FromSeconds(1));
        bank.SetAction(2, ServerAction.Reply);
        var revived = await rig.Bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1);

        Assert.True(revived.IsOk, revived.Describe());
        Assert.False(rig.Bus.IsIsolated(2));
        Assert.True((await rig.Bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1)).IsOk);
    }

    [Fact]
    public async Task AnExceptionResponse_ResetsTheConsecutiveTimeoutCount()
    {
        var bank = new RegisterBank().AddUnit(3, size: 1);
        var script = new ScriptedHandler(bank, ServerAction.NoReply, ServerAction.Reply, ServerAction.NoReply);
        await using var rig = await InProcessTcpBus.StartAsync(script, Options(new ManualClock()));

        await rig.Bus.ReadAsync(3, RegisterTable.HoldingRegister, 0, 1); // timeout
        await rig.Bus.ReadAsync(3, RegisterTable.HoldingRegister, 5, 1); // exception 02: the unit is alive
        await rig.Bus.ReadAsync(3, RegisterTable.HoldingRegister, 0, 1); // timeout

        Assert.False(rig.Bus.IsIsolated(3));
        Assert.Equal(2, rig.Bus.Counters(3).Timeouts);
    }
}
