using EdgeSensors.Interop.Tests.Expected;
using EdgeSensors.Interop.Tests.Peers;
using EdgeSensors.Interop.Tests.Support;

namespace EdgeSensors.Interop.Tests.PeersAgainstOurServer;

/// <summary>
/// mbpoll, a third-party libmodbus master, reads our server (RegisterBank behind ModbusTcpServer or
/// ModbusRtuServer) and must print exactly what we serve: raw registers against an independent encoding,
/// 32-bit values decoded by mbpoll itself in both of its word orders, bits, and exception 02.
/// </summary>
[Trait("Category", "Interop")]
public abstract class MbpollReadsOurServerTests : IClassFixture<OurServerFixture>
{
    protected MbpollReadsOurServerTests(OurServerFixture server)
    {
        Server = server;
    }

    protected OurServerFixture Server { get; }

    protected abstract string? MissingTransportPeer { get; }

    protected abstract PeerEndpoint Endpoint { get; }

    private static ExpectedValues Expected => ExpectedValues.Shared;

    [SkippableFact]
    public async Task Prints_every_holding_register_we_serve()
    {
        RequirePeers();
        int count = Expected.HoldingValuesEnd;

        MbpollReadout readout = await Mbpoll.ReadAsync(Endpoint, Expected.Unit, "4:hex", 0, count);

        Assert.True(readout.Run.ExitCode == 0, readout.Run.ToString());
        Assert.Equal(ServedHolding(count), readout.HexRegisters(0, count));
    }

    [SkippableTheory]
    [InlineData("float32_abcd", true)]
    [InlineData("float32_cdab", false)]
    public async Task Decodes_our_float32_in_its_own_word_order(string name, bool bigEndianWords)
    {
        RequirePeers();
        TypedValue value = Expected.Value(name);

        MbpollReadout readout = await Mbpoll.ReadAsync(Endpoint, Expected.Unit, "4:float", value.Address, 1, bigEndianWords);

        // mbpoll prints floats with six significant digits.
        Assert.True(readout.Run.ExitCode == 0, readout.Run.ToString());
        Assert.InRange(readout.Number(value.Address), value.AsDouble - (Math.Abs(value.AsDouble) * 1e-5), value.AsDouble + (Math.Abs(value.AsDouble) * 1e-5));
    }

    [SkippableTheory]
    [InlineData("int32_abcd", true)]
    [InlineData("int32_cdab", false)]
    public async Task Decodes_our_int32_in_its_own_word_order(string name, bool bigEndianWords)
    {
        RequirePeers();
        TypedValue value = Expected.Value(name);

        MbpollReadout readout = await Mbpoll.ReadAsync(Endpoint, Expected.Unit, "4:int", value.Address, 1, bigEndianWords);

        Assert.True(readout.Run.ExitCode == 0, readout.Run.ToString());
        Assert.Equal((long)value.AsDouble, readout.Integer(value.Address));
    }

    [SkippableFact]
    public async Task Prints_our_input_registers()
    {
        RequirePeers();
        RegisterBlock block = Expected.InputRegisters;

        MbpollReadout readout = await Mbpoll.ReadAsync(Endpoint, Expected.Unit, "3:hex", block.Address, block.Registers.Length);

        Assert.True(readout.Run.ExitCode == 0, readout.Run.ToString());
        Assert.Equal(block.Registers, readout.HexRegisters(block.Address, block.Registers.Length));
    }

    [SkippableTheory]
    [InlineData("0")]
    [InlineData("1")]
    public async Task Prints_our_coils_and_discrete_inputs(string mbpollTable)
    {
        RequirePeers();
        BitBlock block = mbpollTable == "0" ? Expected.Coils : Expected.DiscreteInputs;

        MbpollReadout readout = await Mbpoll.ReadAsync(Endpoint, Expected.Unit, mbpollTable, block.Address, block.Bits.Length);

        Assert.True(readout.Run.ExitCode == 0, readout.Run.ToString());
        Assert.Equal(block.Values, readout.Bits(block.Address, block.Bits.Length));
    }

    [SkippableFact]
    public async Task Reports_illegal_data_address_past_our_table()
    {
        RequirePeers();

        MbpollReadout readout = await Mbpoll.ReadAsync(Endpoint, Expected.Unit, "4", (ushort)(Expected.Sizes.Holding - 2), 4);

        Assert.NotEqual(0, readout.Run.ExitCode);
        Assert.Contains("Illegal data address", readout.Run.StandardError + readout.Run.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>What a correct server holds at 0..count-1: the independent reference encoding of every typed value.</summary>
    internal static ushort[] ServedHolding(int count)
    {
        var registers = new ushort[count];
        foreach (TypedValue value in Expected.HoldingValues)
        {
            value.Registers.CopyTo(registers, value.Address);
        }

        return registers;
    }

    private void RequirePeers() => PeerGate.Require(PeerTools.FirstMissing(Mbpoll.MissingReason, MissingTransportPeer));
}
