using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>A fake output pin that remembers its level and counts writes and level changes; allocates nothing.</summary>
internal sealed class RecordingPin : IOutputPin
{
    public bool High { get; private set; }

    public int Writes { get; private set; }

    public int LevelChanges { get; private set; }

    public void Write(bool high)
    {
        if (Writes > 0 && high != High)
        {
            LevelChanges++;
        }

        High = high;
        Writes++;
    }
}
