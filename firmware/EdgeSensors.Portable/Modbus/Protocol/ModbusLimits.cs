namespace EdgeSensors.Modbus.Protocol;

/// <summary>Protocol limits from the Modbus Application Protocol specification v1.1b3.</summary>
public static class ModbusLimits
{
    public const int MaxPduLength = 253;
    public const int MinUnit = 1;
    public const int MaxUnit = 247;
    public const int MaxReadRegisters = 125;
    public const int MaxReadBits = 2000;
    public const int MaxWriteRegisters = 123;
    public const int MaxWriteCoils = 1968;

    /// <summary>The largest RTU ADU: unit + PDU + CRC.</summary>
    public const int MaxRtuAduLength = 1 + MaxPduLength + 2;

    /// <summary>The largest TCP ADU: the 7-byte MBAP header (which includes the unit) + the largest PDU.</summary>
    public const int MaxTcpAduLength = 7 + MaxPduLength;
}
