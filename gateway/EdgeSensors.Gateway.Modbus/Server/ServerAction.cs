namespace EdgeSensors.Gateway.Modbus.Server;

/// <summary>What a server does with the response a handler prepared; the non-Reply actions play faulty units.</summary>
public enum ServerAction
{
    /// <summary>Send <see cref="ServerExchange.ResponsePdu"/> framed.</summary>
    Reply,

    /// <summary>Send nothing (a dead or absent unit).</summary>
    NoReply,

    /// <summary>RTU: flip the CRC bytes. TCP has no CRC: corrupt the PDU's byte count (or the echo of a write) instead.</summary>
    CorruptCrc,

    /// <summary>Send random bytes of random length instead of the response.</summary>
    Garbage,

    /// <summary>TCP: close the connection. RTU: same as <see cref="NoReply"/>.</summary>
    DropConnection,
}
