using EdgeSensors.Interop.Tests.Peers;
using EdgeSensors.Interop.Tests.Support;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Decoding;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>
/// The simulator's injected faults seen by third-party masters: a dead unit is a timeout to mbpoll and libmodbus
/// (and the bus keeps serving the others), a forced exception arrives with its exact code, and an instrument's own
/// fault flag (PT495 status bit, KELLER NaN) travels through the peer and decodes as Faulted.
/// </summary>
[Trait("Category", "Interop")]
public abstract class PeersSeeSimulatorFaultsTests : IClassFixture<FaultySimulatorFixture>
{
    /// <summary>How libmodbus (modbus_strerror, printed by mbpoll) words each exception code injected here.</summary>
    private static readonly Dictionary<ExceptionCode, string> LibmodbusText = new()
    {
        [ExceptionCode.ServerDeviceFailure] = "Slave device or server failure",
        [ExceptionCode.ServerDeviceBusy] = "Slave device or server is busy",
    };

    protected PeersSeeSimulatorFaultsTests(FaultySimulatorFixture simulator)
    {
        Simulator = simulator;
    }

    public static TheoryData<byte, int> InjectedExceptions
    {
        get
        {
            var data = new TheoryData<byte, int>();
            foreach ((byte unit, ExceptionCode code) in FaultySimulatorFixture.Injected.Exceptions)
            {
                data.Add(unit, (int)code);
            }

            return data;
        }
    }

    protected FaultySimulatorFixture Simulator { get; }

    protected abstract string? MissingTransportPeer { get; }

    protected abstract PeerEndpoint Endpoint { get; }

    [SkippableFact]
    public async Task Mbpoll_times_out_on_the_dead_unit_and_still_reads_the_others()
    {
        RequirePeers(Mbpoll.MissingReason);

        MbpollReadout dead = await Mbpoll.ReadAsync(Endpoint, FaultySimulatorFixture.DeadUnit, "3:hex", 100, 20);
        ProfileReadout healthy = await ProfileReadout.WithMbpollAsync(Endpoint, FaultySimulatorFixture.HealthyUnit);

        Assert.True(dead.Run.ExitCode != 0, dead.Run.ToString());
        Assert.Empty(dead.Values);
        Assert.Contains("Connection timed out", dead.Run.StandardError, StringComparison.Ordinal);
        FarmExpectations.AssertHealthyAndPlausible(healthy);
    }

    [SkippableFact]
    public async Task Libmodbus_times_out_on_the_dead_unit_and_still_reads_the_others()
    {
        RequirePeers(LibmodbusClient.MissingReason);

        LibmodbusReadout dead = await LibmodbusClient.ReadAsync(Endpoint, FaultySimulatorFixture.DeadUnit, "input", 100, 20);
        ProfileReadout healthy = await ProfileReadout.WithLibmodbusAsync(Endpoint, FaultySimulatorFixture.HealthyUnit);

        // modbus_client.c: exit 4 is a Modbus-level failure; with no "exception N" line it was not an exception reply.
        Assert.True(dead.Run.ExitCode == 4, dead.Run.ToString());
        Assert.Null(dead.ExceptionCode);
        Assert.Empty(dead.Values);
        Assert.Contains("Connection timed out", dead.Run.StandardError, StringComparison.Ordinal);
        FarmExpectations.AssertHealthyAndPlausible(healthy);
    }

    [SkippableTheory]
    [MemberData(nameof(InjectedExceptions))]
    public async Task Mbpoll_reports_the_injected_exception(byte unit, int code)
    {
        RequirePeers(Mbpoll.MissingReason);

        MbpollReadout readout = await Mbpoll.ReadAsync(Endpoint, unit, "4:hex", 0, 1);

        Assert.True(readout.Run.ExitCode != 0, readout.Run.ToString());
        Assert.Empty(readout.Values);
        Assert.Contains(LibmodbusText[(ExceptionCode)code], readout.Run.StandardError, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(InjectedExceptions))]
    public async Task Libmodbus_gets_the_injected_exception_code(byte unit, int code)
    {
        RequirePeers(LibmodbusClient.MissingReason);

        LibmodbusReadout readout = await LibmodbusClient.ReadAsync(Endpoint, unit, "holding", 0, 1);

        Assert.True(readout.Run.ExitCode == 4, readout.Run.ToString());
        Assert.Equal(code, readout.ExceptionCode);
    }

    [SkippableFact]
    public async Task Gas_detector_sensor_fault_bit_reaches_the_peer_and_decodes_as_faulted()
    {
        RequirePeers(LibmodbusClient.MissingReason);

        ProfileReadout detector = await ProfileReadout.WithLibmodbusAsync(Endpoint, 1);

        // Status keeps its sensor type (high byte 2, %LEL) and gains bit 2 "sensor fault"; the concentration is not trusted.
        TagReading status = detector["status"];
        TagReading concentration = detector["concentration"];
        Assert.True(status.Raw == 0x0204, $"{status}\n{detector.Transcript}");
        Assert.True(concentration.Quality == ReadingQuality.Faulted, $"{concentration}\n{detector.Transcript}");
        Assert.Contains(concentration.Reasons, r => r.Contains("sensor fault", StringComparison.Ordinal));
        Assert.Equal("%LEL", concentration.Unit);
    }

    [SkippableFact]
    public async Task Pressure_channel_error_reaches_the_peers_as_NaN_and_decodes_as_faulted()
    {
        RequirePeers(PeerTools.FirstMissing(Mbpoll.MissingReason, LibmodbusClient.MissingReason));

        ProfileReadout keller = await ProfileReadout.WithLibmodbusAsync(Endpoint, 5);
        MbpollReadout own = await Mbpoll.ReadAsync(Endpoint, 5, "4:float", keller["p1"].Tag.Address, 1, bigEndianWords: true);

        // Only the faulted channel reads NaN: P2 and the temperature stay good.
        Assert.True(keller["p1"].Quality == ReadingQuality.Faulted, keller.Transcript);
        Assert.Contains(keller["p1"].Reasons, r => r.StartsWith("NaN", StringComparison.Ordinal));
        Assert.True(keller["p2"].Quality == ReadingQuality.Good, keller.Transcript);
        Assert.True(keller["temperature"].Quality == ReadingQuality.Good, keller.Transcript);
        Assert.True(own.Run.ExitCode == 0, own.Run.ToString());
        Assert.Contains("nan", own.Values[keller["p1"].Tag.Address], StringComparison.OrdinalIgnoreCase);
    }

    private void RequirePeers(string? missingPeer) => PeerGate.Require(PeerTools.FirstMissing(missingPeer, MissingTransportPeer));
}
