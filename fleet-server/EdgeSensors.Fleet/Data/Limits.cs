namespace EdgeSensors.Fleet.Data;

/// <summary>Column lengths, shared by the mappings, the migrations and request validation.</summary>
public static class Limits
{
    public const int Name = 200;
    public const int Description = 2000;
    public const int Enum = 32;
    public const int Unit = 32;
    public const int Version = 100;
    public const int LabelKey = 63;
    public const int LabelValue = 200;
    public const int Hash = 400;
}
