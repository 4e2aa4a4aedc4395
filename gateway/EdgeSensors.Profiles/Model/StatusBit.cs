namespace EdgeSensors.Profiles.Model;

/// <summary>The meaning of one bit of a status tag.</summary>
public sealed record StatusBit(int Bit, string Meaning, Severity Severity);
