namespace EdgeSensors.Modbus.Decoding;

/// <summary>How one value is stored in consecutive 16-bit registers.</summary>
public enum DataType
{
    UInt16,
    Int16,
    UInt32,
    Int32,
    Float32,
    UInt64,
    Int64,
    Float64,
}
