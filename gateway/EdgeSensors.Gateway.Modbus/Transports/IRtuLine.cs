namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>The byte pipe under RTU framing: a serial port or a TCP stream to a serial device server.</summary>
internal interface IRtuLine
{
    /// <summary>
    /// True when the line is open and usable without connecting first; a TCP line whose peer closed it is closed here
    /// and reports false, so the next open gets the connect deadline rather than the response timeout.
    /// </summary>
    bool IsOpen { get; }

    /// <summary>Opens the line if it is not open (first use, or after <see cref="Close"/>).</summary>
    ValueTask OpenAsync(CancellationToken ct);

    /// <summary>Reads what has arrived, at least one byte; 0 means the line closed. Throws OperationCanceledException on <paramref name="ct"/>.</summary>
    ValueTask<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct);

    ValueTask WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct);

    /// <summary>Throws away incoming bytes until the line has been quiet for the <paramref name="silence"/>.</summary>
    ValueTask DrainAsync(LineSilence silence, CancellationToken ct);

    void Close();
}
