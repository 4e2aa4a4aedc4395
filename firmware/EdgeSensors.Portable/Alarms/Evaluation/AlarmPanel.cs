using System;

namespace EdgeSensors.Alarms;

/// <summary>
/// A node's or gateway's alarms: every tag's <see cref="TagAlarms"/>, the local outputs they drive and one event
/// buffer. Every evaluation and acknowledgement recomputes and rewrites every output, so an output follows its alarms
/// within one poll period, with or without a network.
/// </summary>
public sealed class AlarmPanel
{
    private readonly TagAlarms[] _tags;
    private readonly OutputBinding[] _outputs;

    /// <param name="tags">One config per tag; tag names must be unique.</param>
    /// <param name="outputs">The local outputs; their <see cref="OutputBinding.Drive"/> entries must name configured tags.</param>
    /// <param name="eventCapacity">Events kept between two drains; at least 2 x 6 per tag covers an acknowledge-all.</param>
    /// <exception cref="ArgumentException">A tag config is inconsistent, a tag appears twice, or an output names an unknown tag.</exception>
    public AlarmPanel(TagAlarmConfig[] tags, OutputBinding[] outputs, int eventCapacity)
    {
        _tags = new TagAlarms[tags.Length];
        for (int t = 0; t < tags.Length; t++)
        {
            if (IndexOf(_tags, tags[t].Tag) >= 0)
            {
                throw new ArgumentException("alarms." + tags[t].Tag + " is configured twice; merge the two entries");
            }

            _tags[t] = new TagAlarms(tags[t]);
        }

        _outputs = outputs;
        for (int o = 0; o < outputs.Length; o++)
        {
            outputs[o].Resolve(_tags);
        }

        Events = new AlarmEventBuffer(eventCapacity);
    }

    /// <summary>What happened since the last <see cref="AlarmEventBuffer.Clear"/>.</summary>
    public AlarmEventBuffer Events { get; }

    public int TagCount => _tags.Length;

    public int OutputCount => _outputs.Length;

    /// <summary>The bytes <see cref="WriteSnapshot"/> needs: one record per tag.</summary>
    public int SnapshotLength => _tags.Length * TagAlarms.SnapshotLength;

    public TagAlarms GetTag(int index)
    {
        return _tags[index];
    }

    public OutputBinding GetOutput(int index)
    {
        return _outputs[index];
    }

    /// <summary>The index of <paramref name="tag"/>, or -1.</summary>
    public int IndexOf(string tag)
    {
        return IndexOf(_tags, tag);
    }

    /// <summary>Evaluates one reading of tag <paramref name="tagIndex"/> and refreshes the outputs.</summary>
    public void Evaluate(int tagIndex, double value, SignalQuality quality, long nowMs)
    {
        _tags[tagIndex].Evaluate(value, quality, nowMs, Events);
        RefreshOutputs();
    }

    /// <summary>Acknowledges one alarm of one tag; false when it was not waiting for an acknowledgement.</summary>
    public bool Acknowledge(int tagIndex, AlarmKind kind, long nowMs)
    {
        bool acknowledged = _tags[tagIndex].Acknowledge(kind, nowMs, Events);
        RefreshOutputs();
        return acknowledged;
    }

    /// <summary>Acknowledges every alarm of one tag; returns how many were waiting.</summary>
    public int AcknowledgeTag(int tagIndex, long nowMs)
    {
        int acknowledged = _tags[tagIndex].AcknowledgeAll(nowMs, Events);
        RefreshOutputs();
        return acknowledged;
    }

    /// <summary>Acknowledges every alarm of every tag; returns how many were waiting.</summary>
    public int AcknowledgeAll(long nowMs)
    {
        int acknowledged = 0;
        for (int t = 0; t < _tags.Length; t++)
        {
            acknowledged += _tags[t].AcknowledgeAll(nowMs, Events);
        }

        RefreshOutputs();
        return acknowledged;
    }

    /// <summary>Recomputes and rewrites every output; call it once at start-up (after restoring a snapshot) to set the pins.</summary>
    public void RefreshOutputs()
    {
        for (int o = 0; o < _outputs.Length; o++)
        {
            _outputs[o].Refresh(_tags);
        }
    }

    /// <summary>Writes every tag's record (<see cref="TagAlarms.WriteSnapshot"/>) one after another; returns <see cref="SnapshotLength"/>.</summary>
    public int WriteSnapshot(byte[] buffer, int offset)
    {
        int at = offset;
        for (int t = 0; t < _tags.Length; t++)
        {
            at += _tags[t].WriteSnapshot(buffer, at);
        }

        return at - offset;
    }

    /// <summary>
    /// Restores tags from consecutive records, matching each record to its tag by name hash, so a site config whose tags
    /// were reordered still restores. Returns how many tags were restored; <paramref name="rejected"/> counts records
    /// that were damaged or belong to no configured tag. Refreshes the outputs.
    /// </summary>
    public int RestoreSnapshot(byte[] buffer, int offset, int length, out int rejected)
    {
        int restored = 0;
        rejected = 0;
        for (int at = offset; at + TagAlarms.SnapshotLength <= offset + length; at += TagAlarms.SnapshotLength)
        {
            SnapshotStatus status = SnapshotStatus.OtherTag;
            for (int t = 0; t < _tags.Length && status == SnapshotStatus.OtherTag; t++)
            {
                status = _tags[t].RestoreSnapshot(buffer, at, TagAlarms.SnapshotLength);
            }

            if (status == SnapshotStatus.Restored)
            {
                restored++;
            }
            else
            {
                rejected++;
            }
        }

        RefreshOutputs();
        return restored;
    }

    internal static int IndexOf(TagAlarms[] tags, string tag)
    {
        for (int t = 0; t < tags.Length; t++)
        {
            if (tags[t] != null && tags[t].Tag == tag)
            {
                return t;
            }
        }

        return -1;
    }
}
