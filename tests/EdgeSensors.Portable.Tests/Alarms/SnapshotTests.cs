using EdgeSensors.Alarms;
using EdgeSensors.Portable.Tests.Support;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>Alarm states survive a restart; a damaged or foreign record changes nothing.</summary>
public class SnapshotTests
{
    [Fact]
    public void ARecord_IsFixedSize_VersionedAndCrcProtected()
    {
        TagAlarms tag = Raised(out _);
        var record = new byte[TagAlarms.SnapshotLength + 4];

        int length = tag.WriteSnapshot(record, 2);

        Assert.Equal(63, length);
        Assert.Equal(0xA1, record[2]);
        Assert.Equal(1, record[3]);
        Assert.Equal(TagAlarms.KindCount, record[8]);
        ushort crc = ReferenceCrc.Compute(record, 2, length - 2);
        Assert.Equal(crc & 0xFF, record[2 + length - 2]);
        Assert.Equal(crc >> 8, record[2 + length - 1]);
    }

    [Fact]
    public void RoundTrip_RestoresEveryStateAndRaiseTime_WithoutEvents()
    {
        TagAlarms before = Raised(out TagAlarmConfig config);
        var record = new byte[TagAlarms.SnapshotLength];
        before.WriteSnapshot(record, 0);

        var after = new TagAlarms(config);
        Assert.Equal(SnapshotStatus.Restored, after.RestoreSnapshot(record, 0, record.Length));

        for (int k = 0; k < TagAlarms.KindCount; k++)
        {
            Assert.Equal(before.GetState((AlarmKind)k), after.GetState((AlarmKind)k));
            Assert.Equal(before.GetRaisedAtMs((AlarmKind)k), after.GetRaisedAtMs((AlarmKind)k));
        }

        Assert.Equal(AlarmState.ActiveUnacknowledged, after.GetState(AlarmKind.HighHigh));
        Assert.Equal(AlarmState.ActiveAcknowledged, after.GetState(AlarmKind.High));
        Assert.Equal(AlarmState.ClearedUnacknowledged, after.GetState(AlarmKind.SensorFault));
    }

    [Fact]
    public void ARestoredLatchedAlarm_StaysActiveOnNormalReadings_UntilAcknowledged()
    {
        TagAlarmConfig config = GasAlarmDefaults.Combustible("tank1.lel");
        var buffer = new AlarmEventBuffer(16);
        var before = new TagAlarms(config);
        before.Evaluate(60, SignalQuality.Good, 1000, buffer);
        var record = new byte[TagAlarms.SnapshotLength];
        before.WriteSnapshot(record, 0);

        var after = new TagAlarms(config); // the restart
        after.RestoreSnapshot(record, 0, record.Length);
        buffer.Clear();
        after.Evaluate(0, SignalQuality.Good, 90_000, buffer);

        // HH (latching) returns but stays active; H (not latching) clears.
        Assert.Equal(AlarmState.ClearedUnacknowledged, after.GetState(AlarmKind.HighHigh));
        Assert.Equal(AlarmState.Normal, after.GetState(AlarmKind.High));
        Assert.True(after.Acknowledge(AlarmKind.HighHigh, 91_000, buffer));
        Assert.Equal(AlarmKinds.None, after.Active);
    }

    [Fact]
    public void EverySingleBitFlip_IsRejected_AndChangesNothing()
    {
        TagAlarms source = Raised(out TagAlarmConfig config);
        var record = new byte[TagAlarms.SnapshotLength];
        source.WriteSnapshot(record, 0);
        var target = new TagAlarms(config);

        for (int bit = 0; bit < record.Length * 8; bit++)
        {
            var damaged = (byte[])record.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.Equal(SnapshotStatus.CrcMismatch, target.RestoreSnapshot(damaged, 0, damaged.Length));
            Assert.Equal(AlarmKinds.None, target.Active);
        }
    }

    [Fact]
    public void ATruncatedRecord_IsRejected()
    {
        TagAlarms source = Raised(out TagAlarmConfig config);
        var record = new byte[TagAlarms.SnapshotLength];
        source.WriteSnapshot(record, 0);

        Assert.Equal(SnapshotStatus.TooShort, new TagAlarms(config).RestoreSnapshot(record, 0, record.Length - 1));
        Assert.Equal(SnapshotStatus.TooShort, new TagAlarms(config).RestoreSnapshot(record, 1, record.Length));
    }

    [Fact]
    public void AnotherTagsRecord_IsRejected()
    {
        TagAlarms source = Raised(out _);
        var record = new byte[TagAlarms.SnapshotLength];
        source.WriteSnapshot(record, 0);
        var other = new TagAlarms(GasAlarmDefaults.Combustible("tank2.lel"));

        Assert.Equal(SnapshotStatus.OtherTag, other.RestoreSnapshot(record, 0, record.Length));
        Assert.Equal(AlarmKinds.None, other.Active);
    }

    [Fact]
    public void AnIntactRecordOfAnUnknownVersionOrState_IsRejected()
    {
        TagAlarms source = Raised(out TagAlarmConfig config);
        var record = new byte[TagAlarms.SnapshotLength];
        source.WriteSnapshot(record, 0);

        var newerVersion = Resealed(record, 1, 2);
        var unknownState = Resealed(record, 7, 4);
        var notAnAlarmRecord = Resealed(record, 0, 0x00);

        Assert.Equal(SnapshotStatus.UnknownFormat, new TagAlarms(config).RestoreSnapshot(newerVersion, 0, record.Length));
        Assert.Equal(SnapshotStatus.UnknownState, new TagAlarms(config).RestoreSnapshot(unknownState, 0, record.Length));
        Assert.Equal(SnapshotStatus.UnknownFormat, new TagAlarms(config).RestoreSnapshot(notAnAlarmRecord, 0, record.Length));
    }

    [Fact]
    public void AnAlarmNoLongerConfigured_ComesBackNormal()
    {
        TagAlarms source = Raised(out TagAlarmConfig config);
        var record = new byte[TagAlarms.SnapshotLength];
        source.WriteSnapshot(record, 0);
        config.HighHigh = AlarmLimit.Disabled;

        var after = new TagAlarms(config);
        Assert.Equal(SnapshotStatus.Restored, after.RestoreSnapshot(record, 0, record.Length));

        Assert.Equal(AlarmState.Normal, after.GetState(AlarmKind.HighHigh));
        Assert.Equal(AlarmState.ActiveAcknowledged, after.GetState(AlarmKind.High));
    }

    [Fact]
    public void APanelSnapshot_RestoresByTagName_EvenWhenTagsWereReordered()
    {
        var relay = new RecordingPin();
        var before = new AlarmPanel(
            [GasAlarmDefaults.Combustible("tank1.lel"), GasAlarmDefaults.Oxygen("pump.o2"), GasAlarmDefaults.Combustible("gone.lel")],
            [],
            32);
        before.Evaluate(0, 60, SignalQuality.Good, 1000);
        before.Evaluate(1, 18, SignalQuality.Good, 1000);
        before.Evaluate(2, 30, SignalQuality.Good, 1000);
        var snapshot = new byte[before.SnapshotLength];
        Assert.Equal(3 * TagAlarms.SnapshotLength, before.WriteSnapshot(snapshot, 0));

        var output = new OutputBinding("relay.cutoff", relay, OutputMode.WhileActive, activeHigh: true, maxSources: 1);
        output.Drive("tank1.lel", AlarmKinds.HighHigh);
        var after = new AlarmPanel([GasAlarmDefaults.Oxygen("pump.o2"), GasAlarmDefaults.Combustible("tank1.lel")], [output], 32);

        int restored = after.RestoreSnapshot(snapshot, 0, snapshot.Length, out int rejected);

        Assert.Equal(2, restored);
        Assert.Equal(1, rejected); // gone.lel is no longer configured
        Assert.Equal(AlarmKinds.High | AlarmKinds.HighHigh, after.GetTag(after.IndexOf("tank1.lel")).Active);
        Assert.Equal(AlarmKinds.Low, after.GetTag(after.IndexOf("pump.o2")).Active);
        Assert.True(relay.High); // the cut-off is back on at boot, before the first poll
        Assert.Equal(0, after.Events.Count);
    }

    [Fact]
    public void WritingIntoATooSmallBuffer_SaysHowMuchIsNeeded()
    {
        TagAlarms source = Raised(out _);

        var error = Assert.Throws<ArgumentException>(() => source.WriteSnapshot(new byte[70], 10));

        Assert.Contains("tank1.lel", error.Message, StringComparison.Ordinal);
        Assert.Contains("63 bytes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Combustible defaults plus a latched fault alarm: HH active-unacknowledged, H acknowledged, fault latched.</summary>
    private static TagAlarms Raised(out TagAlarmConfig config)
    {
        config = GasAlarmDefaults.Combustible("tank1.lel");
        config.SensorFault = AlarmLimit.Condition(0, 0, latching: true);
        var tag = new TagAlarms(config);
        var buffer = new AlarmEventBuffer(16);
        tag.Evaluate(0, SignalQuality.CommFailure, 1_000, buffer);
        tag.Evaluate(60, SignalQuality.Good, 2_000, buffer);
        tag.Acknowledge(AlarmKind.High, 3_000, buffer);
        return tag;
    }

    private static byte[] Resealed(byte[] record, int index, byte value)
    {
        var copy = (byte[])record.Clone();
        copy[index] = value;
        ushort crc = ReferenceCrc.Compute(copy, 0, copy.Length - 2);
        copy[^2] = (byte)crc;
        copy[^1] = (byte)(crc >> 8);
        return copy;
    }
}
