using EdgeSensors.Interop.Tests.Peers;
using EdgeSensors.Interop.Tests.Support;
using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Simulator.Farm;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>
/// tests/interop/modbus_client.c (libmodbus) reads every unit of the simulated tank farm; decoded through each unit's
/// profile it must be a healthy instrument with plausible values and its configuration exactly as set, and it must
/// see the process move as simulated time passes, no faster than the simulated tank fills.
/// </summary>
[Trait("Category", "Interop")]
public abstract class LibmodbusClientReadsSimulatorTests : IClassFixture<SimulatorFixture>
{
    protected LibmodbusClientReadsSimulatorTests(SimulatorFixture simulator)
    {
        Simulator = simulator;
    }

    public static TheoryData<byte> Units => FarmExpectations.Units;

    protected SimulatorFixture Simulator { get; }

    protected abstract string? MissingTransportPeer { get; }

    protected abstract PeerEndpoint Endpoint { get; }

    [SkippableTheory]
    [MemberData(nameof(Units))]
    public async Task Reads_a_healthy_instrument_with_plausible_values(byte unit)
    {
        RequirePeers();

        ProfileReadout readout = await ProfileReadout.WithLibmodbusAsync(Endpoint, unit);

        FarmExpectations.AssertHealthyAndPlausible(readout);
    }

    [SkippableFact]
    public async Task Sees_the_tank_level_move_as_simulated_time_passes()
    {
        RequirePeers();
        const byte levelUnit = 4;
        TimeSpan elapsed = TimeSpan.FromMinutes(2);
        FarmUnit radar = SimulatorFixture.FarmUnit(levelUnit);
        ProfileReadout before = await ProfileReadout.WithLibmodbusAsync(Endpoint, levelUnit);

        Simulator.Advance(elapsed);
        ProfileReadout after = await ProfileReadout.WithLibmodbusAsync(Endpoint, levelUnit);

        // Filling or draining at the farm's rate, turning at most once at a limit, plus the noise of both readings.
        FarmExpectations.AssertHealthyAndPlausible(after);
        TagReading levelBefore = before[radar.PrimaryTag];
        TagReading levelAfter = after[radar.PrimaryTag];
        double change = Math.Abs(levelAfter.Value - levelBefore.Value);
        double most = (radar.Signal.RatePerSecond * elapsed.TotalSeconds) + (12 * radar.Signal.Noise);
        Assert.True(change > 0 && change <= most, $"level {levelBefore.Value} m then {levelAfter.Value} m after {elapsed}: expected a change above 0 and at most {most} m\n{after.Transcript}");
    }

    private void RequirePeers() => PeerGate.Require(PeerTools.FirstMissing(LibmodbusClient.MissingReason, MissingTransportPeer));
}
