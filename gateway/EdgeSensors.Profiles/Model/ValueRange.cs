namespace EdgeSensors.Profiles.Model;

/// <summary>The instrument's measuring range in engineering units.</summary>
public sealed record ValueRange(double Min, double Max)
{
    public bool Contains(double value) => value >= Min && value <= Max;
}
