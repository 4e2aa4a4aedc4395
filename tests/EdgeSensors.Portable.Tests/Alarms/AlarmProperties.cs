using EdgeSensors.Alarms;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>Properties of the alarm state machine over generated limits, readings, delays and acknowledgements.</summary>
public class AlarmProperties
{
    private static readonly AlarmKind[] LimitKinds = [AlarmKind.HighHigh, AlarmKind.High, AlarmKind.Low, AlarmKind.LowLow];

    /// <summary>
    /// With no delays and no latching, the active set is exactly what an independent hysteresis model says is
    /// violated: each limit raises at (or beyond) the limit and clears past limit -/+ hysteresis.
    /// </summary>
    [Property(MaxTest = 500)]
    public Property ZeroDelaysNoLatching_ActiveSetIsTheViolatedSet()
    {
        Gen<(TagAlarmConfig Config, double[] Values)> cases =
            from config in Limits(latching: false)
            from values in Gen.ArrayOf(Gen.Choose(-200, 200).Select(v => v / 2.0), 50)
            select (config, values);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var tag = new TagAlarms(c.Config);
            var buffer = new AlarmEventBuffer(8);
            var modelActive = new bool[TagAlarms.KindCount];
            long now = 0;
            foreach (double value in c.Values)
            {
                int expectedEvents = 0;
                foreach (AlarmKind kind in LimitKinds)
                {
                    AlarmLimit limit = c.Config.Get(kind);
                    if (!limit.Enabled)
                    {
                        continue;
                    }

                    bool high = kind is AlarmKind.High or AlarmKind.HighHigh;
                    bool was = modelActive[(int)kind];
                    bool violated = high
                        ? value >= (was ? limit.Limit - limit.Hysteresis : limit.Limit)
                        : value <= (was ? limit.Limit + limit.Hysteresis : limit.Limit);
                    expectedEvents += was == violated ? 0 : 1;
                    modelActive[(int)kind] = violated;
                }

                buffer.Clear();
                tag.Evaluate(value, SignalQuality.Good, now += 1000, buffer);
                if (buffer.Count != expectedEvents || tag.Active != Mask(modelActive))
                {
                    return false;
                }
            }

            return true;
        });
    }

    /// <summary>No event storm: once raised (or while normal), a value that wanders only inside the hysteresis band never toggles.</summary>
    [Property(MaxTest = 500)]
    public Property AValueOscillatingWithinTheHysteresis_NeverToggles()
    {
        Gen<(double Limit, double Hysteresis, bool Raised, double[] Fractions)> cases =
            from limit in Gen.Choose(-1000, 1000).Select(v => v / 10.0)
            from hysteresis in Gen.Choose(1, 500).Select(v => v / 100.0)
            from raised in ArbMap.Default.GeneratorFor<bool>()
            from fractions in Gen.ArrayOf(Gen.Choose(1, 999).Select(v => v / 1000.0), 100)
            select (limit, hysteresis, raised, fractions);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var tag = new TagAlarms(AlarmScript.High(c.Limit, c.Hysteresis));
            var buffer = new AlarmEventBuffer(8);
            if (c.Raised)
            {
                tag.Evaluate(c.Limit + c.Hysteresis, SignalQuality.Good, 0, buffer);
                buffer.Clear();
            }

            AlarmState state = tag.GetState(AlarmKind.High);
            long now = 0;
            foreach (double fraction in c.Fractions)
            {
                // Strictly inside (limit - hysteresis, limit): neither raises nor clears.
                double value = c.Limit - c.Hysteresis + (fraction * c.Hysteresis);
                if (!(value > c.Limit - c.Hysteresis && value < c.Limit))
                {
                    continue; // rounding pushed it onto an edge
                }

                tag.Evaluate(value, SignalQuality.Good, now += 100, buffer);
            }

            return buffer.Count == 0 && tag.GetState(AlarmKind.High) == state;
        });
    }

    /// <summary>
    /// Whatever the readings, qualities, delays, latching and acknowledgements, every event is a legal transition of
    /// the documented state machine from the alarm's previous state, and the last event of each alarm names its state.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property EveryEvent_IsALegalTransition()
    {
        Gen<(TagAlarmConfig Config, Step[] Steps)> cases =
            from config in Limits(latching: null, maxDelayMs: 5000)
            from steps in Gen.ArrayOf(AnyStep(), 80)
            select (config, steps);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            c.Config.SensorFault = AlarmLimit.Condition(1000, 0, latching: true);
            var tag = new TagAlarms(c.Config);
            var buffer = new AlarmEventBuffer(32);
            var tracked = new AlarmState[TagAlarms.KindCount];
            long now = 0;
            foreach (Step step in c.Steps)
            {
                now += step.ElapsedMs;
                buffer.Clear();
                if (step.AcknowledgeAll)
                {
                    tag.AcknowledgeAll(now, buffer);
                }
                else
                {
                    tag.Evaluate(step.Value, step.Quality, now, buffer);
                }

                for (int i = 0; i < buffer.Count; i++)
                {
                    AlarmEvent e = buffer[i];
                    bool afterAcknowledgement = i > 0 && buffer[i - 1].Kind == e.Kind && buffer[i - 1].Type == AlarmEventType.Acknowledged;
                    if (!Legal(tracked[(int)e.Kind], e.Type, e.State, c.Config.Get(e.Kind).Latching, afterAcknowledgement))
                    {
                        return false;
                    }

                    tracked[(int)e.Kind] = e.State;
                }

                for (int k = 0; k < TagAlarms.KindCount; k++)
                {
                    if (tracked[k] != tag.GetState((AlarmKind)k))
                    {
                        return false;
                    }
                }
            }

            return true;
        });
    }

    /// <summary>A snapshot taken at any point restores the same states into a fresh evaluator.</summary>
    [Property(MaxTest = 300)]
    public Property Snapshot_RoundTripsAnyStates()
    {
        Gen<(TagAlarmConfig Config, Step[] Steps)> cases =
            from config in Limits(latching: null, maxDelayMs: 3000)
            from steps in Gen.ArrayOf(AnyStep(), 40)
            select (config, steps);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            c.Config.SensorFault = AlarmLimit.Condition(0, 0, latching: true);
            var tag = new TagAlarms(c.Config);
            var buffer = new AlarmEventBuffer(64);
            long now = 1_700_000_000_000;
            foreach (Step step in c.Steps)
            {
                now += step.ElapsedMs;
                buffer.Clear();
                if (step.AcknowledgeAll)
                {
                    tag.AcknowledgeAll(now, buffer);
                }
                else
                {
                    tag.Evaluate(step.Value, step.Quality, now, buffer);
                }
            }

            var record = new byte[TagAlarms.SnapshotLength];
            tag.WriteSnapshot(record, 0);
            var restored = new TagAlarms(c.Config);
            if (restored.RestoreSnapshot(record, 0, record.Length) != SnapshotStatus.Restored)
            {
                return false;
            }

            for (int k = 0; k < TagAlarms.KindCount; k++)
            {
                if (restored.GetState((AlarmKind)k) != tag.GetState((AlarmKind)k) || restored.GetRaisedAtMs((AlarmKind)k) != tag.GetRaisedAtMs((AlarmKind)k))
                {
                    return false;
                }
            }

            return true;
        });
    }

    /// <summary>The transitions of docs/alarms.md, and nothing else.</summary>
    private static bool Legal(AlarmState from, AlarmEventType type, AlarmState to, bool latching, bool afterAcknowledgement)
    {
        switch (type)
        {
            case AlarmEventType.Raised:
                return (from == AlarmState.Normal || from == AlarmState.ClearedUnacknowledged) && to == AlarmState.ActiveUnacknowledged;
            case AlarmEventType.Returned:
                return latching && from == AlarmState.ActiveUnacknowledged && to == AlarmState.ClearedUnacknowledged;
            case AlarmEventType.Acknowledged:
                return (from == AlarmState.ActiveUnacknowledged && to == AlarmState.ActiveAcknowledged)
                    || (from == AlarmState.ClearedUnacknowledged && to == AlarmState.Normal);
            case AlarmEventType.Cleared:
                // From active (the condition cleared), or straight after the acknowledgement of a latched, cleared alarm.
                return to == AlarmState.Normal
                    && (from == AlarmState.ActiveAcknowledged
                        || (from == AlarmState.ActiveUnacknowledged && !latching)
                        || (from == AlarmState.Normal && afterAcknowledgement));
            default:
                return false;
        }
    }

    private static AlarmKinds Mask(bool[] active)
    {
        int mask = 0;
        for (int k = 0; k < active.Length; k++)
        {
            mask |= active[k] ? 1 << k : 0;
        }

        return (AlarmKinds)mask;
    }

    /// <summary>A random subset of HH/H/L/LL with ascending limits and random hysteresis in the tag's unit.</summary>
    private static Gen<TagAlarmConfig> Limits(bool? latching, int maxDelayMs = 0)
    {
        Gen<AlarmLimit?> One(int low, int high) =>
            from enabled in ArbMap.Default.GeneratorFor<bool>()
            from limit in Gen.Choose(low, high)
            from hysteresis in Gen.Choose(0, 20)
            from onDelay in Gen.Choose(0, maxDelayMs)
            from offDelay in Gen.Choose(0, maxDelayMs)
            from latch in latching.HasValue ? Gen.Constant(latching.Value) : ArbMap.Default.GeneratorFor<bool>()
            select enabled ? new AlarmLimit(limit, hysteresis / 2.0, onDelay, offDelay, latch) : null;

        return from ll in One(-90, -60)
               from l in One(-50, -20)
               from h in One(20, 50)
               from hh in One(60, 90)
               select new TagAlarmConfig("prop.tag", "u")
               {
                   LowLow = ll ?? AlarmLimit.Disabled,
                   Low = l ?? AlarmLimit.Disabled,
                   High = h ?? AlarmLimit.Disabled,
                   HighHigh = hh ?? AlarmLimit.Disabled,
               };
    }

    private static Gen<Step> AnyStep()
    {
        return from value in Gen.Choose(-200, 200)
               from quality in Gen.Frequency((8, Gen.Constant(SignalQuality.Good)), (1, Gen.Elements(Enum.GetValues<SignalQuality>())))
               from elapsed in Gen.Elements(0, 100, 999, 1000, 2500, 6000)
               from ack in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
               select new Step(value, quality, elapsed, ack);
    }

    private sealed record Step(double Value, SignalQuality Quality, long ElapsedMs, bool AcknowledgeAll);
}
