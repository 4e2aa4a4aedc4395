using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Node.Polling;

/// <summary>What happened on the line for one device since the config was applied; reported in the status message.</summary>
public sealed class DeviceCounters
{
    /// <summary>Frames sent, retries and probes included.</summary>
    public long Requests { get; private set; }

    /// <summary>Frames answered with a valid, matching response.</summary>
    public long Ok { get; private set; }

    public long Timeouts { get; private set; }

    public long CrcErrors { get; private set; }

    /// <summary>Modbus exception responses (illegal address, busy, ...).</summary>
    public long Exceptions { get; private set; }

    /// <summary>Responses that were complete but wrong: other unit, other function, bad byte count, garbage.</summary>
    public long FrameErrors { get; private set; }

    /// <summary>Frames the line refused to send.</summary>
    public long LineErrors { get; private set; }

    /// <summary>The last failure, for the status message; Ok when none yet.</summary>
    public ModbusStatus LastFailure { get; private set; }

    /// <summary>The exception code of the last exception response.</summary>
    public ExceptionCode LastException { get; private set; }

    internal void Sent()
    {
        Requests++;
    }

    internal void Record(ModbusStatus status, ExceptionCode code)
    {
        switch (status)
        {
            case ModbusStatus.Ok:
                Ok++;
                return;
            case ModbusStatus.Timeout:
                Timeouts++;
                break;
            case ModbusStatus.CrcError:
                CrcErrors++;
                break;
            case ModbusStatus.ExceptionResponse:
                Exceptions++;
                LastException = code;
                break;
            case ModbusStatus.TransportError:
                LineErrors++;
                break;
            default:
                FrameErrors++;
                break;
        }

        LastFailure = status;
    }
}
