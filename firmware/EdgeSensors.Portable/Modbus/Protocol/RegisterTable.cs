namespace EdgeSensors.Modbus.Protocol;

/// <summary>The four Modbus data tables. The numeric value is the 5-digit register-number prefix (0xxxx, 1xxxx, 3xxxx, 4xxxx).</summary>
public enum RegisterTable
{
    Coil = 0,
    DiscreteInput = 1,
    InputRegister = 3,
    HoldingRegister = 4,
}
