namespace EdgeSensors.Modbus.Protocol;

/// <summary>Modbus exception codes a server may answer with (Modbus Application Protocol v1.1b3, 7).</summary>
public enum ExceptionCode : byte
{
    None = 0,
    IllegalFunction = 0x01,
    IllegalDataAddress = 0x02,
    IllegalDataValue = 0x03,
    ServerDeviceFailure = 0x04,
    Acknowledge = 0x05,
    ServerDeviceBusy = 0x06,
    MemoryParityError = 0x08,
    GatewayPathUnavailable = 0x0A,
    GatewayTargetFailedToRespond = 0x0B,
}
