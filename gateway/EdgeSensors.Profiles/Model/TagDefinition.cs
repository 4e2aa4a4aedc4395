using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Profiles.Model;

/// <summary>One named value of an instrument: where it lives, how it is encoded, what it means.</summary>
public sealed class TagDefinition
{
    public required string Name { get; init; }

    public string Description { get; init; } = string.Empty;

    public required RegisterTable Table { get; init; }

    /// <summary>0-based protocol address.</summary>
    public required ushort Address { get; init; }

    /// <summary>Register encoding; ignored for coils and discrete inputs, which are single bits.</summary>
    public DataType Type { get; init; } = DataType.UInt16;

    public required WordOrder WordOrder { get; init; }

    public LinearScale? Scale { get; init; }

    /// <summary>Name of the tag that holds this value's number of decimal places.</summary>
    public string? DecimalsFrom { get; init; }

    /// <summary>A fixed engineering unit; null when there is none or it comes from <see cref="UnitFrom"/>.</summary>
    public string? Unit { get; init; }

    public UnitSource? UnitFrom { get; init; }

    public ValueRange? Range { get; init; }

    public TagKind Kind { get; init; } = TagKind.Measurement;

    public IReadOnlyList<StatusBit> Bits { get; init; } = [];

    public IReadOnlyList<FaultCondition> FaultWhen { get; init; } = [];

    /// <summary>1-based line of the tag in its file, for messages; 0 when unknown.</summary>
    public int Line { get; init; }

    public bool IsBit => Table is RegisterTable.Coil or RegisterTable.DiscreteInput;

    /// <summary>Registers (or bits) the tag occupies.</summary>
    public int Length => IsBit ? 1 : DataTypes.RegisterCount(Type);

    public override string ToString() => $"{Name} ({Table} 0x{Address:X4} {Type})";
}
