using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>Every supported function through the real master, TCP transport and in-process server.</summary>
public sealed class MasterFunctionTests
{
    [Fact]
    public async Task ReadHoldingRegisters_ReturnsTheBankValues()
    {
        var bank = new RegisterBank().AddUnit(3);
        bank.SetHolding(3, 10, 111, 222, 333);
        await using var rig = await InProcessTcpBus.StartAsync(bank);

        var result = await rig.Bus.ReadAsync(3, RegisterTable.HoldingRegister, 10, 3);

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(new ushort[] { 111, 222, 333 }, result.Registers);
        Assert.Empty(result.Bits);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(RegisterTable.HoldingRegister, result.Table);
        Assert.Equal(1, rig.Bus.Counters(3).Successes);
        Assert.Equal(1, rig.Bus.Counters(3).LatencyHistogram.Count);
    }

    [Fact]
    public async Task ReadInputRegisters_ReadsTheInputTableNotHolding()
    {
        var bank = new RegisterBank().AddUnit(1);
        bank.SetInput(1, 106, 0x4120, 0x0000);
        bank.SetHolding(1, 106, 9, 9);
        await using var rig = await InProcessTcpBus.StartAsync(bank);

        var result = await rig.Bus.ReadAsync(1, RegisterTable.InputRegister, 106, 2);

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(new ushort[] { 0x4120, 0x0000 }, result.Registers);
    }

    [Fact]
    public async Task ReadCoilsAndDiscreteInputs_ReturnBits()
    {
        var bank = new RegisterBank().AddUnit(2);
        bank.SetCoils(2, 5, true, false, true, true, false, false, false, false, true);
        bank.SetDiscreteInputs(2, 0, false, true);
        await using var rig = await InProcessTcpBus.StartAsync(bank);

        var coils = await rig.Bus.ReadAsync(2, RegisterTable.Coil, 5, 9);
        var inputs = await rig.Bus.ReadAsync(2, RegisterTable.DiscreteInput, 0, 2);

        Assert.True(coils.IsOk, coils.Describe());
        Assert.Equal(new[] { true, false, true, true, false, false, false, false, true }, coils.Bits);
        Assert.Empty(coils.Registers);
        Assert.Equal(new[] { false, true }, inputs.Bits);
    }

    [Fact]
    public async Task WriteSingleRegister_ChangesTheBank()
    {
        var bank = new RegisterBank().AddUnit(1);
        await using var rig = await InProcessTcpBus.StartAsync(bank);

        var result = await rig.Bus.WriteRegisterAsync(1, 6, 1);

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(1, bank.GetHolding(1, 6));
    }

    [Fact]
    public async Task WriteMultipleRegisters_ChangesTheBank()
    {
        var bank = new RegisterBank().AddUnit(1);
        await using var rig = await InProcessTcpBus.StartAsync(bank);

        var result = await rig.Bus.WriteRegistersAsync(1, 200, [7, 8, 9]);

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(3, result.Count);
        Assert.Equal(new ushort[] { 7, 8, 9 }, new[] { bank.GetHolding(1, 200), bank.GetHolding(1, 201), bank.GetHolding(1, 202) });
    }

    [Fact]
    public async Task WriteCoils_SingleAndMultiple_ChangeTheBank()
    {
        var bank = new RegisterBank().AddUnit(1);
        await using var rig = await InProcessTcpBus.StartAsync(bank);

        var single = await rig.Bus.WriteCoilAsync(1, 0, true);
        var multiple = await rig.Bus.WriteCoilsAsync(1, 10, [true, false, true]);

        Assert.True(single.IsOk, single.Describe());
        Assert.True(multiple.IsOk, multiple.Describe());
        Assert.True(bank.GetCoil(1, 0));
        Assert.Equal(new[] { true, false, true }, new[] { bank.GetCoil(1, 10), bank.GetCoil(1, 11), bank.GetCoil(1, 12) });
        Assert.Equal(RegisterTable.Coil, multiple.Table);
    }

    [Fact]
    public async Task WrittenValues_ReadBack()
    {
        var bank = new RegisterBank().AddUnit(9);
        await using var rig = await InProcessTcpBus.StartAsync(bank);

        await rig.Bus.WriteRegistersAsync(9, 0, [0xDEAD, 0xBEEF]);
        var read = await rig.Bus.ReadAsync(9, RegisterTable.HoldingRegister, 0, 2);

        Assert.Equal(new ushort[] { 0xDEAD, 0xBEEF }, read.Registers);
        Assert.Equal(2, rig.Bus.Counters(9).Requests);
    }

    [Fact]
    public async Task ProgrammerErrors_Throw_AndSendNothing()
    {
        var bank = new RegisterBank().AddUnit(1);
        await using var rig = await InProcessTcpBus.StartAsync(bank);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 126));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => rig.Bus.ReadAsync(1, RegisterTable.Coil, 0, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => rig.Bus.ReadAsync(1, RegisterTable.HoldingRegister, 65535, 2));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => rig.Bus.WriteRegistersAsync(1, 0, new ushort[124]));
        await Assert.ThrowsAsync<ArgumentNullException>(() => rig.Bus.WriteRegistersAsync(1, 0, null!));

        Assert.Equal(0, rig.Bus.Counters(1).Requests);
    }
}
