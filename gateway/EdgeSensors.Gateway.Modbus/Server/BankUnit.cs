using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Server;

/// <summary>The four tables of one unit in a <see cref="RegisterBank"/>.</summary>
internal sealed class BankUnit
{
    public BankUnit(int size)
    {
        Size = size;
    }

    /// <summary>Addresses 0..Size-1 exist; beyond that the unit answers exception 02.</summary>
    public int Size { get; }

    public ushort[] Holding { get; } = new ushort[65536];

    public ushort[] Input { get; } = new ushort[65536];

    public bool[] Coils { get; } = new bool[65536];

    public bool[] Discrete { get; } = new bool[65536];

    public ServerAction Action { get; set; } = ServerAction.Reply;

    public ExceptionCode ForcedException { get; set; }
}
