using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Rollouts.Engine;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>
/// Devices as the engine sees them, with the host's side done by hand: carrying out actions publishes a new delivery
/// revision; the test decides when each device reports, sends telemetry and beats its alarm heartbeat.
/// </summary>
internal sealed class SimulatedFleet
{
    public const string Target = "1111111111111111111111111111111111111111111111111111111111111111";
    public const string Old = "0000000000000000000000000000000000000000000000000000000000000000";

    private readonly Dictionary<string, DeviceObservation> _devices = new(StringComparer.Ordinal);

    public SimulatedFleet(int count, DateTimeOffset now)
    {
        for (int i = 0; i < count; i++)
        {
            Enrol($"gw-{i:00}", now);
        }
    }

    public IReadOnlyList<DeviceObservation> Observations => [.. _devices.Values];

    public DeviceObservation this[string id] => _devices[id];

    /// <summary>A device running the old config (revision 1), healthy at <paramref name="now"/>.</summary>
    public void Enrol(string id, DateTimeOffset now) => _devices[id] = new DeviceObservation
    {
        DeviceId = id,
        Matches = true,
        TargetSha = Target,
        Desired = new DesiredConfig(1, Old),
        Reported = new ConfigReport(1, Old, ConfigReport.Applied, null),
        LastTelemetryAt = now,
        DeclaredInterval = TimeSpan.FromSeconds(10),
        AlarmHeartbeatAt = now,
    };

    public void Update(string id, Func<DeviceObservation, DeviceObservation> change) => _devices[id] = change(_devices[id]);

    /// <summary>Publishes what the actions say: a new delivery revision with the target or the previous body.</summary>
    public void Carry(RolloutStep step)
    {
        foreach (RolloutAction action in step.Actions)
        {
            string sha = action is RestorePrevious restore ? restore.Previous.Sha256 : Target;
            Update(action.DeviceId, d => d with { Desired = new DesiredConfig((d.Desired?.Revision ?? 0) + 1, sha) });
        }
    }

    /// <summary>Every device that was sent something applies it and is healthy at <paramref name="now"/>.</summary>
    public void AllApplySent(DateTimeOffset now)
    {
        foreach (string id in _devices.Keys.ToList())
        {
            Update(id, d => d with
            {
                Reported = new ConfigReport(d.Desired!.Revision, d.Desired.Sha256, ConfigReport.Applied, null),
                LastTelemetryAt = now,
                AlarmHeartbeatAt = now,
            });
        }
    }

    public void Healthy(DateTimeOffset now)
    {
        foreach (string id in _devices.Keys.ToList())
        {
            Update(id, d => d with { LastTelemetryAt = now, AlarmHeartbeatAt = now });
        }
    }
}
