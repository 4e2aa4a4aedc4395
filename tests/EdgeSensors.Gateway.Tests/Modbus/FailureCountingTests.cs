using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>Exception responses, timeouts and bad frames come back as statuses and are counted per unit.</summary>
public sealed class FailureCountingTests
{
    [Theory]
    [InlineData(ExceptionCode.IllegalFunction)]
    [InlineData(ExceptionCode.IllegalDataValue)]
    [InlineData(ExceptionCode.ServerDeviceFailure)]
    [InlineData(ExceptionCode.ServerDeviceBusy)]
    [InlineData(ExceptionCode.GatewayPathUnavailable)]
    [InlineData(ExceptionCode.GatewayTargetFailedToRespond)]
    public async Task ExceptionResponse_IsMapped_CountedByCode_AndNotRetried(ExceptionCode code)
    {
        var bank = new RegisterBank().AddUnit(4);
        bank.SetForcedException(4, code);
        await using var rig = await InProcessTcpBus.StartAsync(bank, InProcessTcpBus.FastOptions(retries: 2));

        var result = await rig.Bus.ReadAsync(4, RegisterTable.HoldingRegister, 0, 1);

        Assert.Equal(ModbusStatus.ExceptionResponse, result.Status);
        Assert.Equal(code, result.ExceptionCode);
        Assert.Equal(1, result.Attempts);
        Assert.Contains(ModbusText.Describe(code), result.Describe());
        var counters = rig.Bus.Counters(4);
        Assert.Equal(1, counters.ExceptionCount(code));
        Assert.Equal(1, counters.Exceptions);
        Assert.Equal(0, counters.ExceptionCount(code == ExceptionCode.IllegalFunction ? ExceptionCode.IllegalDataAddress : ExceptionCode.IllegalFunction));
        Assert.Equal(0, counters.Successes);
    }

    [Fact]
    public async Task AddressBeyondTheUnitsSize_AnswersException02()
    {
        var bank = new RegisterBank().AddUnit(1, size: 10);
        await using var rig = await InProcessTcpBus.StartAsync(bank);

        var inside = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 8, 2);
        var outside = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 9, 2);

        Assert.True(inside.IsOk, inside.Describe());
        Assert.Equal(ExceptionCode.IllegalDataAddress, outside.ExceptionCode);
        Assert.Equal(1, rig.Bus.Counters(1).ExceptionCount(ExceptionCode.IllegalDataAddress));
    }

    [Fact]
    public async Task SilentUnit_TimesOut_EachAttemptCounted()
    {
        var bank = new RegisterBank().AddUnit(5);
        bank.SetAction(5, ServerAction.NoReply);
        await using var rig = await InProcessTcpBus.StartAsync(bank, InProcessTcpBus.FastOptions(retries: 1));

        var result = await rig.Bus.ReadAsync(5, RegisterTable.HoldingRegister, 0, 2);

        Assert.Equal(ModbusStatus.Timeout, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Empty(result.Registers);
        Assert.Equal(2, rig.Bus.Counters(5).Requests);
        Assert.Equal(2, rig.Bus.Counters(5).Timeouts);
        Assert.Equal(0, rig.Bus.Counters(5).LatencyHistogram.Count);
        Assert.StartsWith("unit 5, holding register 40001 (address 0x0000) x2: timeout after 2 attempts: no response", result.Describe());
    }

    [Fact]
    public async Task UnknownUnit_GetsNoReply_AndTimesOut()
    {
        var bank = new RegisterBank().AddUnit(1);
        await using var rig = await InProcessTcpBus.StartAsync(bank);

        var result = await rig.Bus.ReadAsync(77, RegisterTable.InputRegister, 0, 1);

        Assert.Equal(ModbusStatus.Timeout, result.Status);
        Assert.Equal(1, rig.Bus.Counters(77).Timeouts);
        Assert.Equal(0, rig.Bus.Counters(1).Requests);
    }

    [Fact]
    public async Task CorruptTcpResponse_IsAFrameError_AndRetrySucceeds()
    {
        var bank = new RegisterBank().AddUnit(1);
        bank.SetHolding(1, 0, 42);
        var flaky = new ScriptedHandler(bank, ServerAction.CorruptCrc);
        await using var rig = await InProcessTcpBus.StartAsync(flaky, InProcessTcpBus.FastOptions(retries: 1));

        var result = await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(2, result.Attempts);
        Assert.Equal(new ushort[] { 42 }, result.Registers);
        Assert.Equal(1, rig.Bus.Counters(1).FrameErrors);
        Assert.Equal(1, rig.Bus.Counters(1).Successes);
    }

    [Fact]
    public async Task Counters_AddUp_RequestsEqualOutcomes()
    {
        var bank = new RegisterBank().AddUnit(1, size: 5);
        var script = new ScriptedHandler(bank, ServerAction.NoReply, ServerAction.CorruptCrc);
        await using var rig = await InProcessTcpBus.StartAsync(script, InProcessTcpBus.FastOptions(retries: 2));

        await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1); // timeout, frame error, ok
        await rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 4, 2); // exception 02

        var c = rig.Bus.Counters(1);
        Assert.Equal(4, c.Requests);
        Assert.Equal(c.Requests, c.Successes + c.Timeouts + c.CrcErrors + c.FrameErrors + c.Exceptions + c.TransportErrors);
        Assert.Equal(1, c.Timeouts);
        Assert.Equal(1, c.FrameErrors);
        Assert.Equal(1, c.Successes);
        Assert.Equal(1, c.ExceptionCount(ExceptionCode.IllegalDataAddress));
    }
}
