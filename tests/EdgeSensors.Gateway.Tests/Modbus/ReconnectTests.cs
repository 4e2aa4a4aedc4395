using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>After the connection drops or goes out of step, the next request opens a new one.</summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task DroppedConnection_IsATransportError_AndTheNextRequestReconnects()
    {
        var bank = new RegisterBank().AddUnit(1);
        bank.SetHolding(1, 0, 5);
        var handler = new ScriptedHandler(bank, ServerAction.DropConnection);
        await using var rig = await InProcessTcpBus.StartAsync(handler);

        var dropped = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);
        var next = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);

        Assert.Equal(ModbusStatus.TransportError, dropped.Status);
        Assert.True(next.IsOk, next.Describe());
        Assert.Equal(new ushort[] { 5 }, next.Registers);
        Assert.Equal(1, rig.Bus.Counters(1).TransportErrors);
        Assert.False(rig.Bus.IsIsolated(1)); // a dropped link says nothing about the unit
    }

    [Fact]
    public async Task DroppedConnection_IsRecoveredByARetryWithinTheSameRequest()
    {
        var bank = new RegisterBank().AddUnit(1);
        var handler = new ScriptedHandler(bank, ServerAction.DropConnection);
        await using var rig = await InProcessTcpBus.StartAsync(handler, InProcessTcpBus.FastOptions(retries: 1));

        var result = await rig.Bus.WriteRegisterAsync(1, 3, 99);

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(2, result.Attempts);
        Assert.Equal(99, bank.GetHolding(1, 3));
    }

    [Fact]
    public async Task GarbageInsteadOfAResponse_IsAFailure_AndTheLinkRecovers()
    {
        var bank = new RegisterBank().AddUnit(1);
        bank.SetHolding(1, 0, 8);
        var handler = new ScriptedHandler(bank, ServerAction.Garbage);
        await using var rig = await InProcessTcpBus.StartAsync(handler, InProcessTcpBus.FastOptions());

        var garbled = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);
        var next = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);

        // Random bytes may look like a short header (timeout) or a bad one (frame error); either way not Ok.
        Assert.NotEqual(ModbusStatus.Ok, garbled.Status);
        Assert.True(next.IsOk, next.Describe());
        Assert.Equal(new ushort[] { 8 }, next.Registers);
    }
}
