using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Simulator.Faults;
using EdgeSensors.Simulator.Serving;

namespace EdgeSensors.Gateway.Tests.Simulator;

public class FarmRequestHandlerTests
{
    [Fact]
    public async Task Reads_return_the_registers_the_profile_encoded()
    {
        var fixture = new FarmFixture();
        var handler = new FarmRequestHandler(fixture.Farm);
        ServerExchange exchange = Read(5, FunctionCode.ReadHoldingRegisters, 2, 2);

        Assert.Equal(ServerAction.Reply, await handler.HandleAsync(exchange, default));

        fixture.Farm.TryGetDevice(5, out var keller);
        Assert.Equal(6, exchange.ResponseLength);
        Assert.Equal(keller.Registers.Holding[2], ModbusPdu.ReadUInt16(exchange.ResponsePdu, 2));
        Assert.Equal(keller.Registers.Holding[3], ModbusPdu.ReadUInt16(exchange.ResponsePdu, 4));
    }

    [Theory]
    [InlineData(4, FunctionCode.ReadInputRegisters, 118, 3)]
    [InlineData(4, FunctionCode.ReadCoils, 0, 1)]
    [InlineData(6, FunctionCode.ReadHoldingRegisters, 7, 1)]
    public async Task Reads_beyond_the_instrument_map_answer_illegal_data_address(byte unit, FunctionCode function, ushort address, ushort count)
    {
        var handler = new FarmRequestHandler(new FarmFixture().Farm);
        ServerExchange exchange = Read(unit, function, address, count);

        await handler.HandleAsync(exchange, default);

        Assert.Equal(2, exchange.ResponseLength);
        Assert.Equal((byte)function | 0x80, exchange.ResponsePdu[0]);
        Assert.Equal((byte)ExceptionCode.IllegalDataAddress, exchange.ResponsePdu[1]);
    }

    [Fact]
    public async Task Unknown_and_dead_units_get_no_reply()
    {
        var faults = new FaultOptions().AddDead("3");
        var handler = new FarmRequestHandler(new FarmFixture().Farm, faults);

        Assert.Equal(ServerAction.NoReply, await handler.HandleAsync(Read(3, FunctionCode.ReadHoldingRegisters, 0, 1), default));
        Assert.Equal(ServerAction.NoReply, await handler.HandleAsync(Read(99, FunctionCode.ReadHoldingRegisters, 0, 1), default));
        Assert.Equal(ServerAction.Reply, await handler.HandleAsync(Read(1, FunctionCode.ReadHoldingRegisters, 0, 1), default));
    }

    [Fact]
    public async Task Forced_exception_is_answered_for_every_request_to_that_unit()
    {
        var handler = new FarmRequestHandler(new FarmFixture().Farm, new FaultOptions().AddException("2:6"));
        ServerExchange exchange = Read(2, FunctionCode.ReadHoldingRegisters, 0, 2);

        Assert.Equal(ServerAction.Reply, await handler.HandleAsync(exchange, default));
        Assert.Equal([0x83, 0x06], exchange.ResponsePdu.Take(exchange.ResponseLength));
    }

    [Fact]
    public async Task Corrupt_and_garbage_rates_decide_the_action()
    {
        var faults = new FaultOptions().AddCorruptCrc("1").AddGarbage("2:1");
        var handler = new FarmRequestHandler(new FarmFixture().Farm, faults);

        Assert.Equal(ServerAction.CorruptCrc, await handler.HandleAsync(Read(1, FunctionCode.ReadHoldingRegisters, 0, 2), default));
        Assert.Equal(ServerAction.Garbage, await handler.HandleAsync(Read(2, FunctionCode.ReadHoldingRegisters, 0, 2), default));
        Assert.Equal(ServerAction.Reply, await handler.HandleAsync(Read(3, FunctionCode.ReadHoldingRegisters, 0, 2), default));
    }

    [Fact]
    public async Task A_partial_corruption_rate_corrupts_some_responses_not_all()
    {
        var handler = new FarmRequestHandler(new FarmFixture().Farm, new FaultOptions().AddCorruptCrc("1:0.3"));
        int corrupted = 0;
        for (int i = 0; i < 200; i++)
        {
            if (await handler.HandleAsync(Read(1, FunctionCode.ReadHoldingRegisters, 0, 2), default) == ServerAction.CorruptCrc)
            {
                corrupted++;
            }
        }

        Assert.InRange(corrupted, 30, 90);
    }

    [Fact]
    public async Task Every_nth_request_drops_the_connection()
    {
        var faults = new FaultOptions { DropTcpEvery = 3 };
        var handler = new FarmRequestHandler(new FarmFixture().Farm, faults);
        var actions = new List<ServerAction>();
        for (int i = 0; i < 6; i++)
        {
            actions.Add(await handler.HandleAsync(Read(1, FunctionCode.ReadHoldingRegisters, 0, 1), default));
        }

        Assert.Equal([ServerAction.Reply, ServerAction.Reply, ServerAction.DropConnection, ServerAction.Reply, ServerAction.Reply, ServerAction.DropConnection], actions);
    }

    [Fact]
    public async Task Writes_to_set_points_are_kept_and_echoed()
    {
        var fixture = new FarmFixture();
        var handler = new FarmRequestHandler(fixture.Farm);
        var exchange = new ServerExchange { Unit = 1 };
        exchange.Request.SetWriteSingleRegister(1, 2, 300);

        Assert.Equal(ServerAction.Reply, await handler.HandleAsync(exchange, default));

        Assert.Equal(30.0, fixture.Read(1, "alarm1_setpoint").Value, 9);
        Assert.Equal([0x06, 0x00, 0x02, 0x01, 0x2C], exchange.ResponsePdu.Take(exchange.ResponseLength));
    }

    [Fact]
    public async Task A_slow_unit_can_be_cancelled_while_it_waits()
    {
        var handler = new FarmRequestHandler(new FarmFixture().Farm, new FaultOptions().AddSlow("1:600000"));
        using var cts = new CancellationTokenSource();

        ValueTask<ServerAction> pending = handler.HandleAsync(Read(1, FunctionCode.ReadHoldingRegisters, 0, 1), cts.Token);
        Assert.False(pending.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
    }

    private static ServerExchange Read(byte unit, FunctionCode function, ushort address, ushort count)
    {
        var exchange = new ServerExchange { Unit = unit };
        exchange.Request.SetRead(unit, function, address, count);
        return exchange;
    }
}
