using EdgeSensors.Alarms;

namespace EdgeSensors.Portable.Tests.Alarms;

/// <summary>
/// Evaluating, acknowledging and driving outputs allocate nothing in steady state: on an ESP32 with about 100 KB
/// of heap, per-reading garbage means GC pauses. Counted in bytes, not timed.
/// </summary>
public class AlarmAllocationTests
{
    [Fact]
    public void TenThousandEvaluations_WithTransitionsAcksAndOutputs_AllocateNothing()
    {
        var relayPin = new RecordingPin();
        var buzzerPin = new RecordingPin();
        var relay = new OutputBinding("relay", relayPin, OutputMode.WhileActive, activeHigh: true, maxSources: 2);
        relay.Drive("tank1.lel", AlarmKinds.HighHigh);
        relay.Drive("line1.pressure", AlarmKinds.RateOfChange | AlarmKinds.LowLow);
        var buzzer = new OutputBinding("buzzer", buzzerPin, OutputMode.UntilAcknowledged, activeHigh: false, maxSources: 1);
        buzzer.Drive(OutputBinding.AnyTag, AlarmKinds.All);
        var pressure = new TagAlarmConfig("line1.pressure", "bar")
        {
            LowLow = new AlarmLimit(2, 0.2, 2000, 1000, true),
            RateOfChange = new AlarmLimit(0.5, 0.1, 0, 3000, false),
            SensorFault = AlarmLimit.Condition(0, 0, false),
        };
        var panel = new AlarmPanel([GasAlarmDefaults.Combustible("tank1.lel"), pressure, GasAlarmDefaults.Oxygen("pump.o2")], [relay, buzzer], 64);
        var snapshot = new byte[panel.SnapshotLength];
        long events = 0;

        void Step(int i)
        {
            long now = 1_700_000_000_000 + (i * 500L);
            double wave = (i % 200) < 100 ? i % 100 : 100 - (i % 100); // 0..100..0 every 100 s
            panel.Evaluate(0, wave * 0.6, SignalQuality.Good, now);
            panel.Evaluate(1, 10 - (wave * 0.09), i % 37 == 0 ? SignalQuality.CommFailure : SignalQuality.Good, now);
            panel.Evaluate(2, 18 + (wave * 0.07), SignalQuality.Good, now);
            if (i % 50 == 0)
            {
                panel.AcknowledgeAll(now);
            }

            if (i % 1000 == 0)
            {
                panel.WriteSnapshot(snapshot, 0);
            }

            events += panel.Events.Count;
            panel.Events.Clear();
        }

        Step(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i <= 10_000; i++)
        {
            Step(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, panel.Events.Dropped);
        Assert.True(events > 500, events + " events: the run must exercise transitions, not just steady values");
        Assert.True(relayPin.LevelChanges > 10 && buzzerPin.LevelChanges > 10, "outputs must switch during the run");
    }
}
