namespace EdgeSensors.Modbus.Protocol;

/// <summary>
/// The outcome of one Modbus transaction. Expected protocol outcomes are result codes, not exceptions,
/// so the master can count each one per unit without try/catch on the hot path.
/// </summary>
public enum ModbusStatus
{
    Ok = 0,

    /// <summary>The server answered with an exception response; see the exception code.</summary>
    ExceptionResponse,

    /// <summary>No complete response arrived within the request timeout.</summary>
    Timeout,

    /// <summary>RTU frame whose CRC-16 does not match its contents.</summary>
    CrcError,

    /// <summary>The frame ended before the length its header or byte count announced.</summary>
    Truncated,

    /// <summary>The frame is longer than its header or byte count announced.</summary>
    TrailingBytes,

    /// <summary>The response came from a different unit than the one asked.</summary>
    WrongUnit,

    /// <summary>The response echoes a different function code than the request.</summary>
    WrongFunction,

    /// <summary>The byte count disagrees with the quantity requested.</summary>
    ByteCountMismatch,

    /// <summary>A write response does not echo the address, value or quantity written.</summary>
    EchoMismatch,

    /// <summary>The exception bit is set but the frame has no exception code byte.</summary>
    MissingExceptionCode,

    /// <summary>MBAP transaction id does not match the request (a stale or foreign response).</summary>
    WrongTransactionId,

    /// <summary>MBAP protocol id is not 0.</summary>
    WrongProtocolId,

    /// <summary>MBAP length field disagrees with the bytes that followed it.</summary>
    LengthMismatch,

    /// <summary>The request itself breaks a protocol limit (unit, quantity, PDU size).</summary>
    InvalidRequest,

    /// <summary>The transport failed (connection refused or dropped, port missing).</summary>
    TransportError,

    /// <summary>Not sent: the unit is isolated after repeated timeouts and waits for its next probe, so it cannot starve healthy units.</summary>
    UnitIsolated,
}
