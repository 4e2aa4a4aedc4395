using EdgeSensors.Simulator.Farm;
using EdgeSensors.Simulator.Faults;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>
/// The default farm with faults of both kinds. On the wire, as `simulate --dead 4 --exception 2:6 --exception 3:4`
/// sets them: unit 4 (VEGAPULS) never answers, unit 2 (PT495 H2S) answers "busy", unit 3 (Sierra) "server device
/// failure". In the instruments: units 1 (PT495 LEL) and 5 (KELLER) are in a sensor-fault episode, which each reports
/// its own way (a status bit, a NaN). Unit 6 is healthy, to show the other faults do not take the bus down.
/// </summary>
public sealed class FaultySimulatorFixture : SimulatorFixture
{
    public const byte HealthyUnit = 6;

    /// <summary>Parsed by the same code as the CLI's flags, from the same strings; only read once the simulator runs.</summary>
    public static readonly FaultOptions Injected = new FaultOptions().AddDead("4").AddException("2:6").AddException("3:4");

    public static readonly byte[] SensorFaultUnits = [1, 5];

    public static byte DeadUnit => Injected.Dead.Single();

    public override FaultOptions Faults => Injected;

    protected override void Prepare(TankFarm farm)
    {
        // This fixture's clock is never advanced, so the episodes last for the whole run.
        foreach (byte unit in SensorFaultUnits)
        {
            farm.TriggerSensorFault(unit, TimeSpan.FromHours(1));
        }
    }
}
