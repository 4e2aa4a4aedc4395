using EdgeSensors.Interop.Tests.Expected;
using EdgeSensors.Interop.Tests.Peers;
using EdgeSensors.Interop.Tests.Support;

namespace EdgeSensors.Interop.Tests.PeersAgainstOurServer;

/// <summary>
/// tests/interop/modbus_client.c (libmodbus) reads our server and must print what we serve in every table,
/// and the exact exception code for every forced-exception unit and for a read past the table.
/// </summary>
[Trait("Category", "Interop")]
public abstract class LibmodbusClientReadsOurServerTests : IClassFixture<OurServerFixture>
{
    protected LibmodbusClientReadsOurServerTests(OurServerFixture server)
    {
        Server = server;
    }

    public static TheoryData<string> ExceptionCases => new(OurServerFixture.ExceptionCases.Select(e => e.CaseName));

    protected OurServerFixture Server { get; }

    protected abstract string? MissingTransportPeer { get; }

    protected abstract PeerEndpoint Endpoint { get; }

    private static ExpectedValues Expected => ExpectedValues.Shared;

    [SkippableFact]
    public async Task Reads_every_holding_register_we_serve()
    {
        RequirePeers();
        int count = Expected.HoldingValuesEnd;

        LibmodbusReadout readout = await LibmodbusClient.ReadAsync(Endpoint, Expected.Unit, "holding", 0, count);

        Assert.True(readout.Run.ExitCode == 0, readout.Run.ToString());
        Assert.Equal(MbpollReadsOurServerTests.ServedHolding(count).Select(r => (int)r), readout.ValuesFrom(0));
    }

    [SkippableFact]
    public async Task Reads_our_input_registers()
    {
        RequirePeers();
        RegisterBlock block = Expected.InputRegisters;

        LibmodbusReadout readout = await LibmodbusClient.ReadAsync(Endpoint, Expected.Unit, "input", block.Address, block.Registers.Length);

        Assert.True(readout.Run.ExitCode == 0, readout.Run.ToString());
        Assert.Equal(block.Registers.Select(r => (int)r), readout.ValuesFrom(block.Address));
    }

    [SkippableTheory]
    [InlineData("coil")]
    [InlineData("discrete")]
    public async Task Reads_our_bits(string table)
    {
        RequirePeers();
        BitBlock block = table == "coil" ? Expected.Coils : Expected.DiscreteInputs;

        LibmodbusReadout readout = await LibmodbusClient.ReadAsync(Endpoint, Expected.Unit, table, block.Address, block.Bits.Length);

        Assert.True(readout.Run.ExitCode == 0, readout.Run.ToString());
        Assert.Equal(block.Bits, readout.ValuesFrom(block.Address));
    }

    [SkippableTheory]
    [MemberData(nameof(ExceptionCases))]
    public async Task Gets_the_exact_exception_code(string caseName)
    {
        RequirePeers();
        ExpectedException expected = OurServerFixture.ExceptionCases.Single(e => e.CaseName == caseName);

        LibmodbusReadout readout = await LibmodbusClient.ReadAsync(Endpoint, expected.Unit, expected.Table, expected.Address, expected.Count);

        Assert.True(readout.Run.ExitCode == 4, readout.Run.ToString());
        Assert.Equal(expected.Code, readout.ExceptionCode);
    }

    private void RequirePeers() => PeerGate.Require(PeerTools.FirstMissing(LibmodbusClient.MissingReason, MissingTransportPeer));
}
