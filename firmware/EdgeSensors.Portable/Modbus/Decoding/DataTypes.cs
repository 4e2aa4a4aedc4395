namespace EdgeSensors.Modbus.Decoding;

/// <summary>Facts about <see cref="DataType"/> values.</summary>
public static class DataTypes
{
    /// <summary>How many 16-bit registers one value occupies.</summary>
    public static int RegisterCount(DataType type)
    {
        switch (type)
        {
            case DataType.UInt16:
            case DataType.Int16:
                return 1;
            case DataType.UInt32:
            case DataType.Int32:
            case DataType.Float32:
                return 2;
            default:
                return 4;
        }
    }

    public static bool IsFloat(DataType type)
    {
        return type == DataType.Float32 || type == DataType.Float64;
    }
}
