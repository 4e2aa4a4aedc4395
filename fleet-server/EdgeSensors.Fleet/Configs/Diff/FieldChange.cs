namespace EdgeSensors.Fleet.Configs.Diff;

/// <summary>
/// One field that differs between two revisions. <see cref="Path"/> names list items by their name
/// (devices[t101-level].tags[pv].alarms.limits.hh) when the list has names, else by position (outputs[0].alarms[1]).
/// <see cref="Before"/> is null for an added field, <see cref="After"/> for a removed one; a mapping or list is shown
/// in YAML flow style.
/// </summary>
public sealed record FieldChange(string Path, string? Before, string? After)
{
    public string Kind => Before is null ? "added" : After is null ? "removed" : "changed";
}
