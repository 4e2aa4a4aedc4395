namespace EdgeSensors.Gateway.Storage.Recovery;

/// <summary>What a leftover -wal file held when the queue was opened after an unclean shutdown.</summary>
/// <param name="LengthBytes">Size of the -wal file.</param>
/// <param name="HeaderValid">False when the WAL header itself is damaged: SQLite then ignores the whole file.</param>
/// <param name="CommittedFrames">Frames up to the last complete commit: SQLite replays these.</param>
/// <param name="UncommittedFrames">Valid frames after the last commit: a transaction that never finished, discarded.</param>
/// <param name="TornFrame">A frame of the current WAL generation was cut short or fails its checksum: a torn write.</param>
internal sealed record WalInspection(long LengthBytes, bool HeaderValid, long CommittedFrames, long UncommittedFrames, bool TornFrame)
{
    /// <summary>Something was written to the WAL that SQLite will not replay.</summary>
    public bool LostTail => !HeaderValid || UncommittedFrames > 0 || TornFrame;

    public string Describe()
    {
        if (!HeaderValid)
        {
            return "the WAL header is damaged, so all " + LengthBytes + " B of the WAL were discarded";
        }

        string text = CommittedFrames + " committed WAL frames replayed";
        if (UncommittedFrames > 0)
        {
            text += ", " + UncommittedFrames + " frames of an unfinished transaction discarded";
        }

        if (TornFrame)
        {
            text += ", a torn (cut short or checksum-failing) frame discarded";
        }

        return text;
    }
}
