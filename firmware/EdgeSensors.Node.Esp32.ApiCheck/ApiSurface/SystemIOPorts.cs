// Declarations only: the members of nanoFramework.System.IO.Ports (1.1.x, nanoframework/System.IO.Ports SerialPort.cs,
// SerialMode.cs) that the device adapters call. Bodies throw; the device links the real package.
#nullable disable
namespace System.IO.Ports;

public enum Parity { None, Odd, Even, Mark, Space }

public enum StopBits { None, One, Two, OnePointFive }

public enum Handshake { None, XOnXOff, RequestToSend, RequestToSendXOnXOff }

public enum SerialMode { Normal, RS485 }

public sealed class SerialPort : IDisposable
{
    public const int InfiniteTimeout = -1;

    public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) => throw new NotImplementedException();

    public SerialMode Mode { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

    public Handshake Handshake { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

    public int ReadTimeout { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

    public int WriteTimeout { get => throw new NotImplementedException(); set => throw new NotImplementedException(); }

    public int BytesToRead => throw new NotImplementedException();

    public void Open() => throw new NotImplementedException();

    public void Close() => throw new NotImplementedException();

    public int Read(byte[] buffer, int offset, int count) => throw new NotImplementedException();

    public void Write(byte[] buffer, int offset, int count) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
