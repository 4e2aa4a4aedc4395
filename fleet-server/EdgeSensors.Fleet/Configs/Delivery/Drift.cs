namespace EdgeSensors.Fleet.Configs.Delivery;

/// <summary>Desired against reported, per device and summed per site.</summary>
public static class Drift
{
    public static DriftState Of(DesiredConfig? desired, ConfigReport? reported)
    {
        if (desired is null)
        {
            return DriftState.Unmanaged;
        }

        if (reported is null || reported.Revision < desired.Revision)
        {
            return DriftState.Pending;
        }

        if (reported.Runs(desired.Sha256))
        {
            return DriftState.InSync;
        }

        return !reported.IsApplied && reported.Revision == desired.Revision ? DriftState.Rejected : DriftState.Drifted;
    }

    /// <summary>How many devices are in each state; every state is present, with 0 when none.</summary>
    public static IReadOnlyDictionary<DriftState, int> Summary(IEnumerable<DriftState> states)
    {
        Dictionary<DriftState, int> counts = Enum.GetValues<DriftState>().ToDictionary(s => s, _ => 0);
        foreach (DriftState state in states)
        {
            counts[state]++;
        }

        return counts;
    }
}
