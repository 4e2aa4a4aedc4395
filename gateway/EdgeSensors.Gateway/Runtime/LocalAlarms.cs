using System.Device.Gpio;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Outputs;
using EdgeSensors.Gateway.Polling;
using WireAlarm = EdgeSensors.Telemetry.Messages.AlarmMessage;

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

    // The unit each alarmed tag's readings last carried: a tag whose unit the instrument reports (a unit-code
    // register) has none in the config, and its alarm events take this one.
    private readonly Dictionary<int, string> _liveUnits = [];
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
        GpioController? gpio = null;
        var simulated = new List<SimulatedPin>();
        var owned = new List<IDisposable>();
        IOutputPin PinFor(OutputConfig output)
        {
            if (output.Driver == OutputDriver.Simulated)
            {
                var fake = new SimulatedPin(output.Name, output.GpioPin);
                simulated.Add(fake);
                return fake;
            }

            gpio ??= (gpioFactory ?? (() => new GpioController()))();
            var real = new GpioOutputPin(gpio, output.GpioPin);
            owned.Add(real);
            return real;
        }

        AlarmPanel panel = config.CreateAlarmPanel(PinFor, eventCapacity: Math.Max(64, config.TagCount * 8));
        var alarms = new LocalAlarms(panel, Path.Combine(dataDirectory, "alarms.snapshot"), gpio, simulated);
        alarms._pins.AddRange(owned);
        alarms.Restore();
        return alarms;
    }

    /// <summary>Saves of the alarm state that failed (disk full, I/O error) since start; the last failure's reason.</summary>
    public long SaveFailures => Interlocked.Read(ref _saveFailures);

    public string? LastSaveFailure { get; private set; }

    private long _saveFailures;

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
                    if (!string.IsNullOrEmpty(sample.Unit))
                    {
                        _liveUnits[index] = sample.Unit;
                    }

                    _panel.Evaluate(index, sample.Value, EntryCodec.ToSignal(sample.Quality), nowMs);
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

    private List<WireAlarm> DrainEvents()
    {
        var events = new List<WireAlarm>(_panel.Events.Count);
        for (int i = 0; i < _panel.Events.Count; i++)
        {
            AlarmEvent e = _panel.Events[i];
            int index = _panel.IndexOf(e.Tag);
            events.Add(new WireAlarm
            {
                Tag = e.Tag,
                Kind = e.Kind,
                State = e.Type,

                // The alarm is held until acknowledged: raised or returned while latching, or any event that leaves it active.
                Latched = e.State != AlarmState.Normal && _panel.GetTag(index).GetLimit(e.Kind).Latching,
                Value = e.Value,
                Limit = e.Kind == AlarmKind.SensorFault ? double.NaN : e.Limit,
                Unit = e.Unit.Length > 0 ? e.Unit : _liveUnits.GetValueOrDefault(index, string.Empty),
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
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                file.Write(buffer);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, _snapshotPath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or failing disk must not stop the alarms: the outputs have switched and the events still go to
            // the queue; only the restart copy is stale until the next save succeeds. Counted and shown in status.
            Interlocked.Increment(ref _saveFailures);
            LastSaveFailure = _snapshotPath + ": " + ex.Message + ". Latched alarms may not survive a restart until this works again; free space on, or fix, that filesystem.";
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do; the next save overwrites it.
            }
        }
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
