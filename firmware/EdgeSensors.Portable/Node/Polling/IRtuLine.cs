namespace EdgeSensors.Node.Polling;

/// <summary>
/// The RS-485 line as the poll scheduler sees it. No call may block for long: the node's main loop runs under a
/// watchdog. The device maps it to SerialPort in RS485 mode (short write timeout, BytesToRead before reading); the host
/// runner to System.IO.Ports on a pty; tests to an in-memory unit.
/// </summary>
public interface IRtuLine
{
    /// <summary>Throws away bytes waiting to be read (a late answer to an earlier request).</summary>
    void DiscardInput();

    /// <summary>Sends a whole frame. False when the line could not take it (port gone, write timeout).</summary>
    bool Write(byte[] frame, int offset, int count);

    /// <summary>Copies up to <paramref name="count"/> bytes that have already arrived; 0 when none. Never waits.</summary>
    int Read(byte[] buffer, int offset, int count);
}
