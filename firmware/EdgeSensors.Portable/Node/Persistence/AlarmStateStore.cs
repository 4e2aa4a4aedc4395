using EdgeSensors.Alarms;

namespace EdgeSensors.Node.Persistence;

/// <summary>
/// Active and latched alarm states on flash, so that a latched alarm stays latched (and its output on) across a power
/// cut until someone acknowledges it. One file of fixed 64-byte records: per alarmed tag (in the panel's order) two
/// copies of the tag's alarm snapshot (<see cref="TagAlarms.WriteSnapshot"/>: 63 bytes with its own CRC-16, then a zero
/// pad byte), written copy A then copy B. A power cut tears at most one copy, and the other is whole: A is the newer
/// whenever both are intact. Records are matched to tags by the snapshot's name hash, so a new config restores too.
/// </summary>
public sealed class AlarmStateStore
{
    /// <summary>Bytes per record: the 63-byte snapshot and a pad byte.</summary>
    public const int RecordLength = 64;

    private readonly IRecordFile _file;
    private readonly byte[] _record = new byte[RecordLength];
    private int _recordsOnFile;

    public AlarmStateStore(IRecordFile file)
    {
        _file = file;
    }

    /// <summary>Tags whose states came back at <see cref="Load"/>.</summary>
    public long RestoredTags { get; private set; }

    /// <summary>Records found damaged at <see cref="Load"/> (a torn write, or flash corruption), skipped.</summary>
    public long CorruptRecords { get; private set; }

    /// <summary>Tag records skipped at <see cref="Load"/> because their tag has no alarms in the running config.</summary>
    public long UnknownTagRecords { get; private set; }

    /// <summary>Writes the file refused.</summary>
    public long WriteFailures { get; private set; }

    /// <summary>File size for <paramref name="alarmedTags"/> tags, in bytes.</summary>
    public static long FileBytes(int alarmedTags) => 2L * alarmedTags * RecordLength;

    /// <summary>
    /// Restores every stored tag's states into <paramref name="panel"/> (then refreshes its outputs), and rewrites the
    /// file in the panel's order so each tag's records sit at its own index.
    /// </summary>
    public void Load(AlarmPanel panel)
    {
        int pairs = 0;
        while (_file.Read((long)pairs * 2 * RecordLength, _record, 0, RecordLength) == RecordLength)
        {
            RestorePair(panel, pairs);
            pairs++;
        }

        _recordsOnFile = 2 * pairs;
        panel.RefreshOutputs();
        WriteAll(panel);
    }

    /// <summary>Writes tag <paramref name="tagIndex"/>'s states (both copies). Called when one of its alarms changed state.</summary>
    public void Write(AlarmPanel panel, int tagIndex)
    {
        panel.GetTag(tagIndex).WriteSnapshot(_record, 0);
        _record[RecordLength - 1] = 0;
        WriteRecord(2 * tagIndex);
        WriteRecord((2 * tagIndex) + 1);
    }

    /// <summary>Writes every tag of <paramref name="panel"/> at its index and blanks records left from a larger config.</summary>
    public void WriteAll(AlarmPanel panel)
    {
        for (int t = 0; t < panel.TagCount; t++)
        {
            Write(panel, t);
        }

        for (int r = 2 * panel.TagCount; r < _recordsOnFile; r++)
        {
            for (int i = 0; i < RecordLength; i++)
            {
                _record[i] = 0;
            }

            WriteRecord(r);
        }

        if (2 * panel.TagCount > _recordsOnFile)
        {
            _recordsOnFile = 2 * panel.TagCount;
        }
    }

    /// <summary>Restores the tag of pair <paramref name="pair"/> from copy A, else copy B; counts what could not be used.</summary>
    private void RestorePair(AlarmPanel panel, int pair)
    {
        SnapshotStatus a = RestoreRecord(panel, 2 * pair);
        if (a == SnapshotStatus.Restored)
        {
            RestoredTags++;
            return;
        }

        SnapshotStatus b = RestoreRecord(panel, (2 * pair) + 1);
        if (b == SnapshotStatus.Restored)
        {
            RestoredTags++;
            return;
        }

        if (a == SnapshotStatus.OtherTag || b == SnapshotStatus.OtherTag)
        {
            UnknownTagRecords++;
        }
    }

    private SnapshotStatus RestoreRecord(AlarmPanel panel, int record)
    {
        if (_file.Read((long)record * RecordLength, _record, 0, RecordLength) != RecordLength)
        {
            return SnapshotStatus.TooShort;
        }

        if (RecordBytes.IsBlank(_record, RecordLength))
        {
            return SnapshotStatus.TooShort;
        }

        SnapshotStatus status = SnapshotStatus.OtherTag;
        for (int t = 0; t < panel.TagCount && status == SnapshotStatus.OtherTag; t++)
        {
            status = panel.GetTag(t).RestoreSnapshot(_record, 0, TagAlarms.SnapshotLength);
        }

        if (status == SnapshotStatus.CrcMismatch || status == SnapshotStatus.UnknownFormat || status == SnapshotStatus.UnknownState)
        {
            CorruptRecords++;
        }

        return status;
    }

    private void WriteRecord(int record)
    {
        if (!_file.Write((long)record * RecordLength, _record, 0, RecordLength))
        {
            WriteFailures++;
        }
    }
}
