using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Profiles.Planning;

/// <summary>One read request's worth of registers (or bits) and the tags it covers.</summary>
public sealed record RegisterBlock(RegisterTable Table, ushort Address, ushort Count, IReadOnlyList<TagDefinition> Tags)
{
    public override string ToString() => $"{Table} 0x{Address:X4} x{Count} ({string.Join(", ", Tags.Select(t => t.Name))})";
}
