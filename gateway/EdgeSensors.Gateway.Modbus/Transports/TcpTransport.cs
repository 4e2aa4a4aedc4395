using System.Net.Sockets;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// Modbus TCP (MBAP framing). Each request gets the next transaction id; a response with another id (a late answer
/// to an earlier, timed-out request) is discarded and counted, and the reader keeps waiting for the right one
/// within the same timeout. The connection is opened on first use and reopened on the request after a drop.
/// </summary>
public sealed class TcpTransport : IModbusTransport, IReportsStaleResponses
{
    private readonly TcpConnection _connection;
    private readonly byte[] _tx = new byte[ModbusLimits.MaxTcpAduLength];
    private readonly byte[] _rx = new byte[ModbusLimits.MaxTcpAduLength];
    private readonly FrameReader _reader;
    private ushort _transactionId;

    public TcpTransport(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
        _connection = new TcpConnection(host, port);
        _reader = new FrameReader(_rx);
    }

    public string Host { get; }

    public int Port { get; }

    public string Name => "tcp://" + Host + ":" + Port;

    public bool IsSerialLine => false;

    public int StaleResponsesInLastExchange { get; private set; }

    public async Task<ModbusStatus> ExchangeAsync(ModbusRequest request, ModbusResponse response, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        StaleResponsesInLastExchange = 0;
        response.Clear();
        if (RequestValidator.Validate(request, serialLine: false) is not null)
        {
            return ModbusStatus.InvalidRequest;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        NetworkStream stream;
        try
        {
            stream = await _connection.EnsureOpenAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // Refused or unreachable: the link is down, which says nothing about the unit.
            _connection.Close();
            return ModbusStatus.TransportError;
        }

        ushort transactionId = ++_transactionId;
        int pduLength = ModbusPdu.WriteRequest(request, _tx, TcpFraming.PduOffset);
        int aduLength = TcpFraming.Seal(_tx, transactionId, request.Unit, pduLength);
        FrameReader reader = _reader;
        reader.Attach(stream);
        try
        {
            await stream.WriteAsync(_tx.AsMemory(0, aduLength), deadline.Token).ConfigureAwait(false);
            while (true)
            {
                ModbusStatus status = await ReadFrameAsync(reader, request.Unit, transactionId, deadline.Token).ConfigureAwait(false);
                if (status != ModbusStatus.WrongTransactionId)
                {
                    if (status == ModbusStatus.Ok)
                    {
                        return ModbusPdu.ParseResponse(request, _rx, TcpFraming.PduOffset, reader.FrameLength - TcpFraming.HeaderLength, response);
                    }

                    return status;
                }

                StaleResponsesInLastExchange++;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // A timeout in the middle of a frame leaves the stream out of step: start afresh next time.
            if (reader.MidFrame)
            {
                _connection.Close();
            }

            return ModbusStatus.Timeout;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
            _connection.Close();
            return ModbusStatus.TransportError;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<ModbusStatus> ReadFrameAsync(FrameReader reader, byte unit, ushort transactionId, CancellationToken ct)
    {
        await reader.ReadHeaderAsync(ct).ConfigureAwait(false);
        int frameLength = TcpFraming.FrameLength(_rx);
        if (frameLength < 0)
        {
            // Not an MBAP header: we cannot find the next frame boundary, so drop the connection.
            _connection.Close();
            return _rx[2] != 0 || _rx[3] != 0 ? ModbusStatus.WrongProtocolId : ModbusStatus.LengthMismatch;
        }

        await reader.ReadBodyAsync(frameLength, ct).ConfigureAwait(false);
        return TcpFraming.Open(_rx, frameLength, transactionId, unit, out _);
    }
}
