using System.Diagnostics;
using System.IO.Ports;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Server;

/// <summary>
/// A Modbus RTU server over any byte stream: a serial port, a socat pty, a TCP stream. Requests are framed by
/// <see cref="RtuFraming.RequestLength"/> and CRC; a partial frame followed by more than t3.5 of silence is dropped,
/// and after a bad CRC the reader slides one byte at a time until it finds a valid frame again.
/// Unit 0 (broadcast) is handled but never answered.
/// </summary>
public sealed class ModbusRtuServer : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly IModbusRequestHandler _handler;
    private readonly IDisposable? _ownedPort;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private int _stopped;
    private long _crcErrors;

    public ModbusRtuServer(Stream stream, IModbusRequestHandler handler)
        : this(stream, handler, null)
    {
    }

    private ModbusRtuServer(Stream stream, IModbusRequestHandler handler, IDisposable? ownedPort)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(handler);
        _stream = stream;
        _handler = handler;
        _ownedPort = ownedPort;
    }

    /// <summary>The line speed, for the t3.5 silence that ends a partial frame.</summary>
    public int Baud { get; init; } = 9600;

    /// <summary>Candidate frames rejected by their CRC while reading (one bad frame may count more than once while resynchronising).</summary>
    public long CrcErrors => Interlocked.Read(ref _crcErrors);

    /// <summary>Opens the serial port (or pty) and serves on it; the server closes the port when stopped.</summary>
    public static ModbusRtuServer OpenSerial(SerialLineSettings settings, IModbusRequestHandler handler)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = new SerialPort(settings.PortName, settings.Baud, settings.Parity, settings.DataBits, settings.StopBits) { Handshake = Handshake.None };
        port.Open();
        return new ModbusRtuServer(port.BaseStream, handler, port) { Baud = settings.Baud };
    }

    public Task StartAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        _loop = ServeAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);

        // Closing the port (or stream) ends a read that does not honour cancellation.
        _ownedPort?.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Expected while tearing down.
        }

        _stopping.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task ServeAsync(CancellationToken ct)
    {
        await Task.Yield();
        var rx = new byte[1024];
        var tx = new byte[ModbusLimits.MaxRtuAduLength];
        var exchange = new ServerExchange();

        // The OS scheduler cannot resolve a few milliseconds reliably, so never treat less than 20 ms as a frame gap.
        TimeSpan frameGap = TimeSpan.FromMicroseconds(Math.Max(RtuFraming.InterFrameDelayMicros(Baud), 20000));
        long lastByte = 0;
        int have = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (have == rx.Length)
                {
                    have = 0; // nothing valid in a full buffer of noise
                }

                int read = await _stream.ReadAsync(rx.AsMemory(have, rx.Length - have), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                if (have > 0 && Stopwatch.GetElapsedTime(lastByte) > frameGap)
                {
                    // A partial frame went silent: drop it and keep the new bytes.
                    Array.Copy(rx, have, rx, 0, read);
                    have = 0;
                }

                have += read;
                lastByte = Stopwatch.GetTimestamp();
                have = await ServeCompleteFramesAsync(rx, have, tx, exchange, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping, or the line went away.
        }
    }

    /// <summary>Serves every complete frame at the start of the buffer; returns how many bytes remain (a partial frame).</summary>
    private async ValueTask<int> ServeCompleteFramesAsync(byte[] rx, int have, byte[] tx, ServerExchange exchange, CancellationToken ct)
    {
        while (have >= 2)
        {
            int length = RtuFraming.RequestLength(rx, have);
            if (length == 0 || (length > 0 && have < length))
            {
                break;
            }

            if (length < 0 || !Crc16.Check(rx, 0, length))
            {
                if (length > 0)
                {
                    Interlocked.Increment(ref _crcErrors);
                }

                // Resynchronise: the frame may start one byte later.
                have = Shift(rx, have, 1);
                continue;
            }

            int reply = await HandleAsync(rx, length, tx, exchange, ct).ConfigureAwait(false);
            if (reply > 0)
            {
                await _stream.WriteAsync(tx.AsMemory(0, reply), ct).ConfigureAwait(false);
                await _stream.FlushAsync(ct).ConfigureAwait(false);
            }

            have = Shift(rx, have, length);
        }

        return have;
    }

    private async ValueTask<int> HandleAsync(byte[] rx, int length, byte[] tx, ServerExchange exchange, CancellationToken ct)
    {
        byte unit = rx[0];
        exchange.Unit = unit;
        exchange.Request.Unit = unit;
        exchange.ResponseLength = 0;
        ServerAction action;
        ExceptionCode malformed = ModbusPdu.ParseRequest(rx, RtuFraming.PduOffset, length - RtuFraming.Overhead, exchange.Request);
        if (malformed != ExceptionCode.None)
        {
            exchange.ResponseLength = ModbusPdu.WriteExceptionResponse(rx[RtuFraming.PduOffset], malformed, exchange.ResponsePdu, 0);
            action = ServerAction.Reply;
        }
        else
        {
            action = await _handler.HandleAsync(exchange, ct).ConfigureAwait(false);
        }

        if (unit == 0)
        {
            return 0; // broadcast: acted on, never answered
        }

        switch (action)
        {
            case ServerAction.Reply:
            case ServerAction.CorruptCrc:
                {
                    Array.Copy(exchange.ResponsePdu, 0, tx, RtuFraming.PduOffset, exchange.ResponseLength);
                    int adu = RtuFraming.Seal(tx, unit, exchange.ResponseLength);
                    if (action == ServerAction.CorruptCrc)
                    {
                        FaultInjection.CorruptCrc(tx, adu);
                    }

                    return adu;
                }

            case ServerAction.Garbage:
                return FaultInjection.Garbage(tx);
            default:
                return 0; // NoReply, and DropConnection which a serial line cannot do
        }
    }

    private static int Shift(byte[] buffer, int have, int count)
    {
        Array.Copy(buffer, count, buffer, 0, have - count);
        return have - count;
    }
}
