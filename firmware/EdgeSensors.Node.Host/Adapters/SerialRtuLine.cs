using System.IO.Ports;
using EdgeSensors.Node.Polling;

namespace EdgeSensors.Node.Host.Adapters;

/// <summary>The core's RTU line over System.IO.Ports (a USB RS-485 adapter, or one end of a socat pty pair in tests).</summary>
public sealed class SerialRtuLine : IRtuLine, IDisposable
{
    private readonly SerialPort _port;

    public SerialRtuLine(string portName, int baud)
    {
        _port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One) { ReadTimeout = 50, WriteTimeout = 500 };
        _port.Open();
    }

    public void DiscardInput()
    {
        if (_port.BytesToRead > 0)
        {
            _port.DiscardInBuffer();
        }
    }

    public bool Write(byte[] frame, int offset, int count)
    {
        try
        {
            _port.Write(frame, offset, count);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            int waiting = _port.BytesToRead;
            return waiting == 0 ? 0 : _port.Read(buffer, offset, Math.Min(count, waiting));
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            return 0;
        }
    }

    public void Dispose() => _port.Dispose();
}
