namespace EdgeSensors.Gateway.Modbus.Addressing;

/// <summary>How an address was written.</summary>
public enum AddressNotation
{
    /// <summary>0-based protocol address as sent on the wire ("0", "0x0006").</summary>
    ProtocolAddress,

    /// <summary>1-based register number whose first digit names the table ("40001", "300101").</summary>
    RegisterNumber,
}
