using EdgeSensors.Alarms;

namespace EdgeSensors.Node.Config;

/// <summary>One local output (relay, beacon, buzzer): its GPIO pin, mode, active level and the alarms that drive it.</summary>
public sealed class OutputConfig
{
    public OutputConfig(string name, int pin, string[] driveTags, AlarmKinds[] driveKinds)
    {
        Name = name;
        Pin = pin;
        DriveTags = driveTags;
        DriveKinds = driveKinds;
    }

    public string Name { get; }

    /// <summary>GPIO number.</summary>
    public int Pin { get; }

    public OutputMode Mode { get; set; } = OutputMode.WhileActive;

    public bool ActiveHigh { get; set; } = true;

    /// <summary>Tag paths ("device/tag") or "*", parallel to <see cref="DriveKinds"/>.</summary>
    public string[] DriveTags { get; }

    public AlarmKinds[] DriveKinds { get; }
}
