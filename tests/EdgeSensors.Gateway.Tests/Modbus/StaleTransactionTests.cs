using System.Net;
using System.Net.Sockets;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>A response with the wrong MBAP transaction id is discarded and counted; the right one is still taken.</summary>
public sealed class StaleTransactionTests
{
    [Fact]
    public async Task WrongTransactionIdFirst_IsDiscardedAndCounted_ThenTheRightResponseIsUsed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task server = AnswerWithStaleThenRightAsync(listener, staleValue: 1111, rightValue: 2222);
        await using var bus = new ModbusBus(new TcpTransport("127.0.0.1", port), InProcessTcpBus.FastOptions() with { Timeout = TimeSpan.FromSeconds(10) });

        var result = await bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);
        await server;

        Assert.True(result.IsOk, result.Describe());
        Assert.Equal(new ushort[] { 2222 }, result.Registers);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, bus.Counters(1).StaleResponses);
        Assert.Equal(1, bus.Counters(1).Successes);
        Assert.Equal(0, bus.Counters(1).FrameErrors);
    }

    // A misbehaving peer: answers one read with a frame carrying another transaction id, then the right one.
    private static async Task AnswerWithStaleThenRightAsync(TcpListener listener, ushort staleValue, ushort rightValue)
    {
        using Socket socket = await listener.AcceptSocketAsync();
        using var stream = new NetworkStream(socket);
        var request = new byte[12];
        await stream.ReadExactlyAsync(request);
        ushort transactionId = TcpFraming.TransactionId(request);
        byte unit = request[6];

        var stale = Response(unchecked((ushort)(transactionId + 1000)), unit, staleValue);
        var right = Response(transactionId, unit, rightValue);
        await stream.WriteAsync(stale);
        await stream.WriteAsync(right);
    }

    private static byte[] Response(ushort transactionId, byte unit, ushort value)
    {
        var adu = new byte[ModbusLimits.MaxTcpAduLength];
        int pduLength = ModbusPdu.WriteRegistersResponse(FunctionCode.ReadHoldingRegisters, [value], 1, adu, TcpFraming.PduOffset);
        int length = TcpFraming.Seal(adu, transactionId, unit, pduLength);
        return adu.AsSpan(0, length).ToArray();
    }
}
