using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Retention;

namespace EdgeSensors.Gateway.Storage;

public sealed partial class DurableQueue
{
    private static readonly TimeSpan RearmInterval = TimeSpan.FromSeconds(1);

    private AlarmReserve? _reserve;
    private bool _reserveInUse;
    private long _lastRearmAttempt = long.MinValue;

    /// <summary>At open: the alarm reserve is written when missing (best effort: a full disk leaves it for later).</summary>
    private void ArmReserve()
    {
        _reserve ??= new AlarmReserve(_options.DataDirectory);
        if (!_reserveInUse && !_reserve.TryArm())
        {
            StoreLog.ReserveNotWritten(_log, _options.DataDirectory, AlarmReserve.Bytes);
        }
    }

    /// <summary>
    /// SQLite reported a full disk for a batch with alarm events and nothing else made room: when the filesystem
    /// really is full (not only Storage:MaxFileBytes), the reserve is deleted so the alarm events fit. From then on
    /// only alarm events are stored until the disk has room for the reserve again.
    /// </summary>
    private bool TryUseReserve(List<Sized> incoming, AppendOutcome outcome)
    {
        if (_reserve is null || !incoming.Exists(item => item.Entry.Kind == EntryKind.AlarmEvent)
            || _reserve.FreeBytes() is not long free || free >= AlarmReserve.Bytes || !_reserve.Release())
        {
            return false;
        }

        _reserveInUse = true;
        StoreLog.ReserveReleased(_log, _options.DataDirectory, AlarmReserve.Bytes);
        DropReadingsForReserve(incoming, outcome);
        return true;
    }

    /// <summary>
    /// While the reserve is in use: readings are not even tried (they would take the alarms' space); the reserve is
    /// written again, and normal storing resumes, once the disk has room (checked at most once a second).
    /// </summary>
    private void ApplyReserveMode(List<Sized> incoming, AppendOutcome outcome)
    {
        if (!_reserveInUse)
        {
            return;
        }

        long now = _clock.GetTimestamp();
        if (_lastRearmAttempt == long.MinValue || _clock.GetElapsedTime(_lastRearmAttempt, now) >= RearmInterval)
        {
            _lastRearmAttempt = now;
            if (_reserve!.FreeBytes() is long free && free >= 2 * AlarmReserve.Bytes && _reserve.TryArm())
            {
                _reserveInUse = false;
                StoreLog.ReserveRearmed(_log, _options.DataDirectory, AlarmReserve.Bytes);
                return;
            }
        }

        DropReadingsForReserve(incoming, outcome);
    }

    private void DropReadingsForReserve(List<Sized> incoming, AppendOutcome outcome)
    {
        var readings = incoming.FindAll(item => item.Entry.Kind == EntryKind.Reading);
        if (readings.Count == 0)
        {
            return;
        }

        DropAfterFailure(readings, DropReason.DiskFull, outcome);
        incoming.RemoveAll(item => item.Entry.Kind == EntryKind.Reading);
        string directory = _options.DataDirectory;
        SetHealth(StoreCondition.DiskFull, "Disk full on the filesystem of " + directory + ": new readings are being dropped; alarm events are stored in the "
            + AlarmReserve.Bytes / 1024 + " KiB reserved for them. Free space (df -h " + directory + ") or lower Storage:MaxBytes / Storage:MaxFileBytes.");
    }
}
