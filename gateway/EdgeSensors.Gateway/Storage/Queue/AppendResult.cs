using EdgeSensors.Gateway.Storage.Retention;

namespace EdgeSensors.Gateway.Storage.Queue;

/// <summary>
/// What an append did. Stored entries got consecutive sequence numbers FirstSeq..LastSeq, in batch order;
/// dropped ones got none (they are counted in the queue's drops).
/// </summary>
/// <param name="Stored">Entries of the batch now durable on disk.</param>
/// <param name="FirstSeq">Seq of the first stored entry (0 when none was stored).</param>
/// <param name="Dropped">Entries of the batch that were not stored.</param>
/// <param name="Reason">Why entries of the batch were dropped, when some were.</param>
public sealed record AppendResult(int Stored, ulong FirstSeq, int Dropped, DropReason? Reason)
{
    public static readonly AppendResult Empty = new(0, 0, 0, null);

    public ulong LastSeq => Stored == 0 ? 0 : FirstSeq + (ulong)Stored - 1;

    public bool AllStored => Dropped == 0;
}
