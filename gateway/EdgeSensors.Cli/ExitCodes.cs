using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Cli;

/// <summary>Process exit codes of `edgesensors`, documented in docs/cli.md so scripts can branch on the cause.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>An unexpected internal error (a bug): the message on stderr says what.</summary>
    public const int InternalError = 1;

    /// <summary>Bad command line: unknown option, missing value, conflicting options, bad address or profile.</summary>
    public const int Usage = 2;

    /// <summary>No response in time (or the unit is isolated after repeated timeouts); scan: no unit answered.</summary>
    public const int Timeout = 3;

    /// <summary>The unit answered with a Modbus exception (illegal address, busy, ...).</summary>
    public const int ModbusException = 4;

    /// <summary>A response arrived but was malformed: CRC error, truncated, wrong unit/function, stale transaction.</summary>
    public const int FrameError = 5;

    /// <summary>The connection or serial port failed (refused, dropped, port missing).</summary>
    public const int TransportError = 6;

    /// <summary>check-config: the site config has errors (each printed as FILE:LINE:COL: key: message. fix: ...).</summary>
    public const int InvalidConfig = 7;

    /// <summary>enroll: the fleet server refused the enrolment (unknown, expired, revoked or used-up token; id taken).</summary>
    public const int EnrolmentRefused = 8;

    /// <summary>Maps a failed transaction's status to its exit code.</summary>
    public static int FromStatus(ModbusStatus status) => status switch
    {
        ModbusStatus.Ok => Success,
        ModbusStatus.Timeout or ModbusStatus.UnitIsolated => Timeout,
        ModbusStatus.ExceptionResponse => ModbusException,
        ModbusStatus.TransportError => TransportError,
        ModbusStatus.InvalidRequest => Usage,
        _ => FrameError,
    };
}
