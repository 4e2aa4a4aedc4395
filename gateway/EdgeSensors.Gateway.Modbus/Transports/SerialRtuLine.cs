using System.Diagnostics;
using System.IO.Ports;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// An RTU line on a serial port (RS-485 adapters are plain serial ports on Linux). Reads poll BytesToRead
/// because SerialPort's async reads do not reliably honour cancellation; at RTU speeds a 1 ms poll costs nothing.
/// </summary>
internal sealed class SerialRtuLine : IRtuLine, IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);
    private readonly SerialLineSettings _settings;
    private SerialPort? _port;

    public SerialRtuLine(SerialLineSettings settings)
    {
        _settings = settings;
    }

    public bool IsOpen => _port is { IsOpen: true };

    public ValueTask OpenAsync(CancellationToken ct)
    {
        if (_port is { IsOpen: true })
        {
            return ValueTask.CompletedTask;
        }

        Close();
        var port = new SerialPort(_settings.PortName, _settings.Baud, _settings.Parity, _settings.DataBits, _settings.StopBits)
        {
            Handshake = Handshake.None,
            ReadTimeout = 500,
            WriteTimeout = 1000,
        };
        try
        {
            port.Open();
            port.DiscardInBuffer();
        }
        catch
        {
            port.Dispose();
            throw;
        }

        _port = port;
        return ValueTask.CompletedTask;
    }

    public async ValueTask<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        SerialPort port = _port ?? throw new InvalidOperationException("serial port is not open");
        while (true)
        {
            int available = port.BytesToRead;
            if (available > 0)
            {
                return port.Read(buffer, offset, Math.Min(available, count));
            }

            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }

    public ValueTask WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        SerialPort port = _port ?? throw new InvalidOperationException("serial port is not open");
        port.Write(buffer, offset, count);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DrainAsync(LineSilence silence, CancellationToken ct)
    {
        SerialPort port = _port ?? throw new InvalidOperationException("serial port is not open");
        do
        {
            port.DiscardInBuffer();
            await silence.WaitSinceAsync(Stopwatch.GetTimestamp()).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
        while (port.BytesToRead > 0);
    }

    public void Close()
    {
        _port?.Dispose();
        _port = null;
    }

    public void Dispose() => Close();
}
