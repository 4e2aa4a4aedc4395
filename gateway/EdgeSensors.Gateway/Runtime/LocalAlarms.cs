using System.Device.Gpio;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Outputs;
using EdgeSensors.Gateway.Polling;
using WireAlarm = EdgeSensors.Telemetry.Messages.AlarmEvent;
using WireKind = EdgeSensors.Telemetry.Messages.AlarmKind;
using WireState = EdgeSensors.Telemetry.Messages.AlarmState;

namespace EdgeSensors.Gateway.Runtime;

/// <summary>
/// The gateway's local alarms: the portable <see cref="AlarmPanel"/> (the same code the ESP32 node runs) built from the
/// site config, its outputs on GPIO or simulated pins, and its state persisted to the data directory after every
/// change so a latched alarm survives a restart. Nothing here touches the network.
/// </summary>
public sealed class LocalAlarms : IDisposable
{
    private readonly AlarmPanel _panel;
    private readonly object _gate = new();
    private readonly string _snapshotPath;
    private readonly GpioController? _gpio;
    private readonly List<IDisposable> _pins = [];

    private LocalAlarms(AlarmPanel panel, string snapshotPath, GpioController? gpio, IReadOnlyList<SimulatedPin> simulated)
    {
        _panel = panel;
        _snapshotPath = snapshotPath;
        _gpio = gpio;
        SimulatedPins = simulated;
    }

    /// <summary>Outputs configured with driver: simulated, to show their state in status, demo and tests.</summary>
    public IReadOnlyList<SimulatedPin> SimulatedPins { get; }

    public int TagCount => _panel.TagCount;

    /// <summary>Builds the panel for every tag with alarms ("device/tag") and restores the last saved state.</summary>
    public static LocalAlarms Create(SiteConfig config, string dataDirectory, Func<GpioController>? gpioFactory = null)
    {
        var tags = new List<TagAlarmConfig>();
        foreach (DeviceConfig device in config.Devices)
        {
            foreach (TagConfig tag in device.Tags)
            {
                if (tag.Alarms is { } tagAlarms)
                {
                    tags.Add(ToPortable(device.Name + "/" + tag.Name, tag.Definition.Unit ?? string.Empty, tagAlarms));
                }
            }
        }

        GpioController? gpio = null;
        var simulated = new List<SimulatedPin>();
        var bindings = new List<OutputBinding>();
        var owned = new List<IDisposable>();
        foreach (OutputConfig output in config.Outputs)
        {
            IOutputPin pin;
            if (output.Driver == OutputDriver.Simulated)
            {
                var fake = new SimulatedPin(output.Name, output.GpioPin);
                simulated.Add(fake);
                pin = fake;
            }
            else
            {
                gpio ??= (gpioFactory ?? (() => new GpioController()))();
                var real = new GpioOutputPin(gpio, output.GpioPin);
                owned.Add(real);
                pin = real;
            }

            var binding = new OutputBinding(output.Name, pin, OutputMode.WhileActive, output.ActiveLevel == ActiveLevel.High, Math.Max(1, output.Alarms.Length));
            foreach (AlarmRef source in output.Alarms)
            {
                binding.Drive(source.Device + "/" + source.Tag, source.Level is { } level ? Kinds(level) : AlarmKinds.All);
            }

            bindings.Add(binding);
        }

        var panel = new AlarmPanel([.. tags], [.. bindings], eventCapacity: Math.Max(64, tags.Count * 8));
        var alarms = new LocalAlarms(panel, Path.Combine(dataDirectory, "alarms.snapshot"), gpio, simulated);
        alarms._pins.AddRange(owned);
        alarms.Restore();
        return alarms;
    }

    /// <summary>How many tag records the last restore found intact and matching; set at start-up.</summary>
    public int RestoredTags { get; private set; }

    /// <summary>
    /// Evaluates a poll's samples, switches the outputs and returns the alarm events in contract form (seq unset).
    /// Saves the state when anything changed.
    /// </summary>
    public IReadOnlyList<WireAlarm> Evaluate(IEnumerable<TagSample> samples, long nowMs)
    {
        lock (_gate)
        {
            _panel.Events.Clear();
            foreach (TagSample sample in samples)
            {
                int index = _panel.IndexOf(sample.Path);
                if (index >= 0)
                {
                    _panel.Evaluate(index, sample.Value, ToSignal(sample.Quality), nowMs);
                }
            }

            return DrainEvents();
        }
    }

    /// <summary>Acknowledges "device/tag" (every alarm of it) or "*" (everything); returns the events (seq unset).</summary>
    public IReadOnlyList<WireAlarm> Acknowledge(string target, long nowMs, out int acknowledged)
    {
        lock (_gate)
        {
            _panel.Events.Clear();
            if (target == "*")
            {
                acknowledged = _panel.AcknowledgeAll(nowMs);
            }
            else
            {
                int index = _panel.IndexOf(target);
                acknowledged = index < 0 ? -1 : _panel.AcknowledgeTag(index, nowMs);
            }

            return DrainEvents();
        }
    }

    /// <summary>Every tag's current alarm states, for status: "device/tag" -> active kinds.</summary>
    public IReadOnlyList<(string Tag, string Active, string Unacknowledged)> Summary()
    {
        lock (_gate)
        {
            var rows = new List<(string, string, string)>();
            for (int t = 0; t < _panel.TagCount; t++)
            {
                TagAlarms tag = _panel.GetTag(t);
                if (tag.Active != AlarmKinds.None || tag.Unacknowledged != AlarmKinds.None)
                {
                    rows.Add((tag.Tag, tag.Active.ToString(), tag.Unacknowledged.ToString()));
                }
            }

            return rows;
        }
    }

    /// <summary>The outputs and whether each is on, for status.</summary>
    public IReadOnlyList<(string Name, bool On)> OutputStates()
    {
        lock (_gate)
        {
            return [.. Enumerable.Range(0, _panel.OutputCount).Select(i => (_panel.GetOutput(i).Name, _panel.GetOutput(i).IsOn))];
        }
    }

    public void Dispose()
    {
        foreach (IDisposable pin in _pins)
        {
            pin.Dispose();
        }

        _gpio?.Dispose();
    }

    internal static TagAlarmConfig ToPortable(string tag, string unit, AlarmConfig alarms)
    {
        long on = (long)alarms.OnDelay.TotalMilliseconds;
        long off = (long)alarms.OffDelay.TotalMilliseconds;
        AlarmLimit Limit(double? value) => value is double v ? new AlarmLimit(v, alarms.Hysteresis, on, off, alarms.Latch) : AlarmLimit.Disabled;
        var portable = new TagAlarmConfig(tag, unit)
        {
            HighHigh = Limit(alarms.HighHigh),
            High = Limit(alarms.High),
            Low = Limit(alarms.Low),
            LowLow = Limit(alarms.LowLow),
        };
        if (alarms.Rate is { } rate)
        {
            // The site config's rate watches a fall (a leak), the portable default; no hysteresis on rate.
            portable.RateOfChange = new AlarmLimit(rate.PerMinute, 0, on, off, alarms.Latch);
            portable.RateWindowMs = (long)rate.Window.TotalMilliseconds;
        }

        if (alarms.FaultAlarm)
        {
            portable.SensorFault = AlarmLimit.Condition(Math.Max(on, GasAlarmDefaults.FaultOnDelayMs), off, false);
        }

        return portable;
    }

    private static AlarmKinds Kinds(AlarmLevel level) => level switch
    {
        AlarmLevel.HighHigh => AlarmKinds.HighHigh,
        AlarmLevel.High => AlarmKinds.High,
        AlarmLevel.Low => AlarmKinds.Low,
        AlarmLevel.LowLow => AlarmKinds.LowLow,
        AlarmLevel.Rate => AlarmKinds.RateOfChange,
        _ => AlarmKinds.SensorFault,
    };

    private static SignalQuality ToSignal(TagQuality quality) => quality switch
    {
        TagQuality.Good => SignalQuality.Good,
        TagQuality.OutOfRange => SignalQuality.OutOfRange,
        TagQuality.SensorFault => SignalQuality.SensorFault,
        TagQuality.Stale => SignalQuality.Stale,
        _ => SignalQuality.CommFailure,
    };

    private List<WireAlarm> DrainEvents()
    {
        var events = new List<WireAlarm>(_panel.Events.Count);
        for (int i = 0; i < _panel.Events.Count; i++)
        {
            AlarmEvent e = _panel.Events[i];
            events.Add(new WireAlarm
            {
                Tag = e.Tag,
                Kind = (WireKind)(int)e.Kind,
                State = e.Type switch
                {
                    AlarmEventType.Raised => WireState.Raised,
                    AlarmEventType.Acknowledged => WireState.Acknowledged,

                    // Returned: the condition is gone but the alarm stays latched until acknowledged.
                    _ => WireState.Cleared,
                },
                Latched = e.Type == AlarmEventType.Returned,
                Value = e.Value,
                Limit = e.Kind == AlarmKind.SensorFault ? double.NaN : e.Limit,
                Unit = e.Unit,
                TimeMs = e.TimeMs,
            });
        }

        if (events.Count > 0)
        {
            Save();
        }

        return events;
    }

    private void Save()
    {
        var buffer = new byte[_panel.SnapshotLength];
        _panel.WriteSnapshot(buffer, 0);
        string temporary = _snapshotPath + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            file.Write(buffer);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, _snapshotPath, overwrite: true);
    }

    private void Restore()
    {
        if (File.Exists(_snapshotPath))
        {
            byte[] saved = File.ReadAllBytes(_snapshotPath);
            RestoredTags = _panel.RestoreSnapshot(saved, 0, saved.Length, out _);
        }

        _panel.RefreshOutputs();
    }
}
