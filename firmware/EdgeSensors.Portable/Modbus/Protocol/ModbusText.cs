namespace EdgeSensors.Modbus.Protocol;

/// <summary>Human-readable causes and fixes for statuses and exception codes, for logs and the technician CLI.</summary>
public static class ModbusText
{
    public static string Describe(ExceptionCode code)
    {
        switch (code)
        {
            case ExceptionCode.IllegalFunction:
                return "exception 01 illegal function: the unit does not support this function code for that table; try another --table";
            case ExceptionCode.IllegalDataAddress:
                return "exception 02 illegal data address: the register range does not exist on this unit; check the address (0-based vs 4xxxx register number) and --count";
            case ExceptionCode.IllegalDataValue:
                return "exception 03 illegal data value: the quantity or value is not accepted; reduce --count or check the written value";
            case ExceptionCode.ServerDeviceFailure:
                return "exception 04 server device failure: the instrument failed while handling the request; check the instrument's own diagnostics";
            case ExceptionCode.Acknowledge:
                return "exception 05 acknowledge: the unit accepted a long-running request; poll again later";
            case ExceptionCode.ServerDeviceBusy:
                return "exception 06 server device busy: the unit is busy; retry with a longer poll interval";
            case ExceptionCode.MemoryParityError:
                return "exception 08 memory parity error: the unit found a parity error in its memory";
            case ExceptionCode.GatewayPathUnavailable:
                return "exception 0A gateway path unavailable: the Modbus gateway has no path to that unit; check the gateway's routing table";
            case ExceptionCode.GatewayTargetFailedToRespond:
                return "exception 0B gateway target failed to respond: the gateway got no answer from the serial unit; check wiring, unit id and baud behind the gateway";
            default:
                return "exception " + ((byte)code).ToString("X2") + ": unknown exception code";
        }
    }

    public static string Describe(ModbusStatus status)
    {
        switch (status)
        {
            case ModbusStatus.Ok: return "ok";
            case ModbusStatus.ExceptionResponse: return "exception response";
            case ModbusStatus.Timeout: return "timeout: no response; check wiring (A/B swapped?), unit id, baud rate and parity";
            case ModbusStatus.CrcError: return "CRC error: the frame was corrupted on the line; check termination, biasing, cable shield and baud rate";
            case ModbusStatus.Truncated: return "truncated frame: the response ended early";
            case ModbusStatus.TrailingBytes: return "frame longer than announced: extra bytes after the response";
            case ModbusStatus.WrongUnit: return "response from the wrong unit: two units may share an id";
            case ModbusStatus.WrongFunction: return "response echoes the wrong function code";
            case ModbusStatus.ByteCountMismatch: return "byte count does not match the quantity requested";
            case ModbusStatus.EchoMismatch: return "write response does not echo what was written";
            case ModbusStatus.MissingExceptionCode: return "exception response without an exception code";
            case ModbusStatus.WrongTransactionId: return "stale or foreign response: MBAP transaction id does not match";
            case ModbusStatus.WrongProtocolId: return "MBAP protocol id is not 0: not a Modbus TCP peer";
            case ModbusStatus.LengthMismatch: return "MBAP length field disagrees with the frame";
            case ModbusStatus.InvalidRequest: return "invalid request: it breaks a Modbus protocol limit";
            case ModbusStatus.TransportError: return "transport error: connection or port failed";
            case ModbusStatus.UnitIsolated: return "unit isolated after repeated timeouts; it is probed again after its backoff";
            default: return "unknown status";
        }
    }
}
