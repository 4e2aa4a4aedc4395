using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Node.Polling;

/// <summary>
/// One read request of a device's poll cycle: consecutive registers of one table covering several tags, so a device
/// with 16 tags in one register range costs one request, not 16.
/// </summary>
internal sealed class ReadBlock
{
    public ReadBlock(RegisterTable table, ushort address, ushort count, int firstTag, int tagCount)
    {
        Table = table;
        Address = address;
        Count = count;
        FirstTag = firstTag;
        TagCount = tagCount;
    }

    public RegisterTable Table { get; }

    public ushort Address { get; }

    public ushort Count { get; }

    /// <summary>Index of the block's first tag in the device's address-ordered tag list.</summary>
    public int FirstTag { get; }

    public int TagCount { get; }

    public FunctionCode Function => Table == RegisterTable.InputRegister ? FunctionCode.ReadInputRegisters : FunctionCode.ReadHoldingRegisters;
}
