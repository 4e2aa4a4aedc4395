namespace EdgeSensors.Profiles.Model;

/// <summary>engineering = raw * Gain + Offset.</summary>
public sealed record LinearScale(double Gain, double Offset)
{
    public static readonly LinearScale Identity = new(1, 0);
}
