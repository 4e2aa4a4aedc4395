namespace EdgeSensors.Profiles.Model;

public enum LineParity
{
    None,
    Even,
    Odd,
}
