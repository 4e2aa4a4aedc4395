using System.Net;
using System.Net.Sockets;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>
/// How the TCP transport waits for a response from a fast peer: on Linux one recv() bounded by a 1 ms SO_RCVTIMEO
/// slice (KernelTimedReceive), elsewhere poll() then recv(). Answers later than a slice, answers split across
/// segments, silence and a closed connection must each end as they would on any path.
/// </summary>
public sealed class TcpResponseWaitTests
{
    private readonly ModbusRequest _request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0, 2);
    private readonly ModbusResponse _response = new();

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(5, 0, true)]
    [InlineData(0, 4, true)]
    [InlineData(3, 3, true)]
    [InlineData(0, 0, false)]
    [InlineData(0, 4, false)]
    public async Task An_answer_later_than_a_wait_slice_or_split_in_two_is_read_whole(int delayMs, int splitGapMs, bool spin)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Task server = AnswerAsync(listener, requests: 20, delayMs, splitGapMs);
        await using var transport = new TcpTransport("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port) { SpinForFastPeers = spin };

        for (int i = 0; i < 20; i++)
        {
            ModbusStatus status = await transport.ExchangeAsync(_request, _response, TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.Equal(ModbusStatus.Ok, status);
            Assert.Equal((ushort)(i + 1), _response.Registers[0]);
        }

        await server;
    }

    [Fact]
    public void Spinning_is_tried_on_back_to_back_requests_to_a_fast_peer_only()
    {
        var policy = new ResponseWaitPolicy();
        int spin = Environment.ProcessorCount > 1 ? ResponseWaitPolicy.MaxSpinMicros : 0; // never on one CPU
        const double backToBack = 20;
        const double paced = 100_000;

        Assert.Equal(spin, policy.SpinMicros(backToBack, pendingWorkItems: 0));
        Assert.Equal(0, policy.SpinMicros(paced, pendingWorkItems: 0));
        Assert.Equal(0, policy.SpinMicros(backToBack, pendingWorkItems: 3));

        for (int i = 0; i < 40; i++)
        {
            policy.RecordAnswer(2_000);
        }

        Assert.Equal(0, policy.SpinMicros(backToBack, pendingWorkItems: 0));

        for (int i = 0; i < 40; i++)
        {
            policy.RecordAnswer(40);
        }

        Assert.Equal(spin, policy.SpinMicros(backToBack, pendingWorkItems: 0));
    }

    [Fact]
    public async Task Silence_ends_in_a_timeout_and_a_closed_connection_in_a_transport_error_then_it_reconnects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        await using var transport = new TcpTransport("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);

        Task<ModbusStatus> silent = transport.ExchangeAsync(_request, _response, TimeSpan.FromMilliseconds(30), CancellationToken.None).AsTask();
        using (Socket first = await listener.AcceptSocketAsync())
        {
            Assert.Equal(ModbusStatus.Timeout, await silent);

            Task<ModbusStatus> closed = transport.ExchangeAsync(_request, _response, TimeSpan.FromSeconds(10), CancellationToken.None).AsTask();
            await ReceiveRequestAsync(first);
            first.Shutdown(SocketShutdown.Both);
            Assert.Equal(ModbusStatus.TransportError, await closed);
        }

        Task server = AnswerAsync(listener, requests: 1, delayMs: 0, splitGapMs: 0);
        Assert.Equal(ModbusStatus.Ok, await transport.ExchangeAsync(_request, _response, TimeSpan.FromSeconds(10), CancellationToken.None));
        await server;
    }

    private static async Task AnswerAsync(TcpListener listener, int requests, int delayMs, int splitGapMs)
    {
        using Socket socket = await listener.AcceptSocketAsync();
        for (ushort n = 1; n <= requests; n++)
        {
            byte[] request = await ReceiveRequestAsync(socket);
            var adu = new byte[ModbusLimits.MaxTcpAduLength];
            int pdu = ModbusPdu.WriteRegistersResponse(FunctionCode.ReadHoldingRegisters, [n, 0], 2, adu, TcpFraming.PduOffset);
            int length = TcpFraming.Seal(adu, TcpFraming.TransactionId(request), request[6], pdu);
            if (delayMs > 0)
            {
                await Task.Delay(delayMs);
            }

            if (splitGapMs > 0)
            {
                await socket.SendAsync(adu.AsMemory(0, 5));
                await Task.Delay(splitGapMs);
                await socket.SendAsync(adu.AsMemory(5, length - 5));
            }
            else
            {
                await socket.SendAsync(adu.AsMemory(0, length));
            }
        }
    }

    private static async Task<byte[]> ReceiveRequestAsync(Socket socket)
    {
        var request = new byte[12];
        int have = 0;
        while (have < request.Length)
        {
            int read = await socket.ReceiveAsync(request.AsMemory(have));
            Assert.NotEqual(0, read);
            have += read;
        }

        return request;
    }
}
