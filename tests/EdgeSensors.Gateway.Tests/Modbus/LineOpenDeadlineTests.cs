using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>
/// Opening an RTU line (a TCP connect to a serial device server) has its own deadline, at least the connect timeout,
/// and the response timeout starts once the line is open: a slow handshake through a router does not make a short
/// probe call the link dead, and a connect that never completes still ends.
/// </summary>
public sealed class LineOpenDeadlineTests
{
    private readonly ModbusRequest _request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0, 4);
    private readonly ModbusResponse _response = new();

    [Fact]
    public async Task A_line_slower_to_open_than_the_response_timeout_is_still_used()
    {
        var line = new AnsweringRtuLine { OpenDelay = TimeSpan.FromMilliseconds(300) };
        var framer = new RtuStreamFramer(line, 115200) { ConnectTimeout = TimeSpan.FromSeconds(30) };

        ModbusStatus status = await framer.ExchangeAsync(_request, _response, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Equal(ModbusStatus.Ok, status);
        Assert.Equal(1, line.Opens);
    }

    [Fact]
    public async Task A_line_that_does_not_open_within_the_connect_timeout_is_a_transport_error_and_is_retried_next_time()
    {
        var line = new AnsweringRtuLine { OpenDelay = TimeSpan.FromMinutes(5) };
        var framer = new RtuStreamFramer(line, 115200) { ConnectTimeout = TimeSpan.FromMilliseconds(100) };

        Assert.Equal(ModbusStatus.TransportError, await framer.ExchangeAsync(_request, _response, TimeSpan.FromMilliseconds(10), CancellationToken.None));
        Assert.False(line.IsOpen);

        line.OpenDelay = TimeSpan.Zero;
        Assert.Equal(ModbusStatus.Ok, await framer.ExchangeAsync(_request, _response, TimeSpan.FromSeconds(5), CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_the_caller_during_the_open_cancels_rather_than_reporting_a_dead_link()
    {
        var line = new AnsweringRtuLine { OpenDelay = TimeSpan.FromMinutes(5) };
        var framer = new RtuStreamFramer(line, 115200);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await framer.ExchangeAsync(_request, _response, TimeSpan.FromSeconds(5), cancel.Token));
    }

    [Theory]
    [InlineData("::1", 502, "tcp://[::1]:502")]
    [InlineData("fe80::1%eth0", 1502, "tcp://[fe80::1%eth0]:1502")]
    [InlineData("10.0.0.5", 502, "tcp://10.0.0.5:502")]
    [InlineData("plc-7.site.example", 5020, "tcp://plc-7.site.example:5020")]
    public async Task Transport_names_put_IPv6_hosts_in_brackets_so_they_can_be_typed_back_in(string host, int port, string name)
    {
        await using var tcp = new TcpTransport(host, port);
        await using var rtuOverTcp = new RtuOverTcpTransport(host, port);

        Assert.Equal(name, tcp.Name);
        Assert.Equal("rtu-over-" + name, rtuOverTcp.Name);
        Assert.True(TransportFactory.TryParse(name, out IModbusTransport? parsed, out string? error), error);
        await using (parsed)
        {
            Assert.Equal(name, parsed!.Name);
        }
    }
}
