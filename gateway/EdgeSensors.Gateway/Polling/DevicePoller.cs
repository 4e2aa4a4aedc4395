using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Profiles.Planning;

namespace EdgeSensors.Gateway.Polling;

/// <summary>
/// Polls one device: reads the coalesced blocks through its bus, decodes the published tags with the device's
/// profile and assigns each a <see cref="TagQuality"/>. A failed block costs only the tags it covers.
/// </summary>
public sealed class DevicePoller
{
    private readonly ProfileDecoder _decoder;
    private readonly TagDefinition[] _published;
    private readonly Dictionary<string, TagQualityTracker> _trackers = new(StringComparer.Ordinal);

    // Reused by every poll (a device is polled by one loop at a time): responses are read into these buffers and the
    // snapshot keeps its capacity, so a poll allocates only the samples it returns.
    private readonly RegisterSnapshot _snapshot = new();
    private readonly ushort[] _registers = new ushort[ModbusLimits.MaxReadRegisters];
    private readonly bool[] _bits = new bool[ModbusLimits.MaxReadBits];
    private RegisterBlock[]? _blocks;

    public DevicePoller(DevicePollSettings settings)
    {
        Settings = settings;
        _decoder = new ProfileDecoder(settings.Profile);
        _published = [.. settings.Tags.Select(t => settings.Profile.GetTag(t.Tag))];
        Plan = new AdaptiveReadPlan(RegisterBlockPlanner.WithDependencies(settings.Profile, _published), settings.GapBudget);
        foreach (TagDefinition tag in _published)
        {
            _trackers[tag.Name] = new TagQualityTracker(settings.StaleAfterMisses, settings.CommFailureAfterMisses);
        }
    }

    public DevicePollSettings Settings { get; }

    public AdaptiveReadPlan Plan { get; }

    public async Task<DevicePollResult> PollAsync(ModbusBus bus, long nowMs, CancellationToken ct)
    {
        RegisterSnapshot snapshot = _snapshot;
        snapshot.Clear();
        var failures = new List<string>();

        // A split made during this poll takes effect from the next one: the blocks are taken as they were at its start.
        foreach (RegisterBlock block in _blocks ??= [.. Plan.Blocks])
        {
            bool bits = block.Table is RegisterTable.Coil or RegisterTable.DiscreteInput;
            ModbusOutcome outcome = bits
                ? await bus.ReadBitsAsync(Settings.Unit, block.Table, block.Address, _bits.AsMemory(0, block.Count), ct).ConfigureAwait(false)
                : await bus.ReadRegistersAsync(Settings.Unit, block.Table, block.Address, _registers.AsMemory(0, block.Count), ct).ConfigureAwait(false);
            if (outcome.IsOk)
            {
                if (bits)
                {
                    snapshot.AddBits(block.Table, block.Address, _bits.AsSpan(0, block.Count));
                }
                else
                {
                    snapshot.AddRegisters(block.Table, block.Address, _registers.AsSpan(0, block.Count));
                }

                continue;
            }

            failures.Add(Settings.Name + ": " + Describe(block, outcome));
            if (outcome.Status == ModbusStatus.ExceptionResponse && Plan.OnException(block, outcome.ExceptionCode))
            {
                failures.Add(Settings.Name + ": " + Plan.Splits[^1]);
                _blocks = null;
            }
        }

        var samples = new List<TagSample>(_published.Length);
        foreach (TagDefinition tag in _published)
        {
            TagReading reading = _decoder.Decode(tag, snapshot);
            TagQualityTracker tracker = _trackers[tag.Name];
            if (reading.Quality == ReadingQuality.Missing)
            {
                if (tracker.Missed(nowMs) is { } missed)
                {
                    samples.Add(new TagSample(Settings.Name, tag.Name, missed.Value, reading.Unit ?? tag.Unit, missed.Quality, missed.AcquiredAtMs, Detail(reading, failures)));
                }

                continue;
            }

            TagQuality quality = QualityOf(reading);
            tracker.Read(reading.Value, quality, nowMs);
            string? detail = reading.Reasons.Count == 0 ? null : string.Join("; ", reading.Reasons);
            samples.Add(new TagSample(Settings.Name, tag.Name, reading.Value, reading.Unit, quality, nowMs, detail));
        }

        return new DevicePollResult(Settings.Name, nowMs, samples, failures);
    }

    /// <summary>The profile decoder's verdict in telemetry terms: faults win over range, an unknown fault state is not good.</summary>
    public static TagQuality QualityOf(TagReading reading) => reading.Quality switch
    {
        ReadingQuality.Good => TagQuality.Good,
        ReadingQuality.Faulted => TagQuality.SensorFault,
        ReadingQuality.Uncertain or ReadingQuality.Invalid => TagQuality.OutOfRange,
        _ => TagQuality.CommFailure,
    };

    private string Describe(RegisterBlock block, ModbusOutcome outcome) =>
        ModbusResult.FromOutcome(outcome, Settings.Unit, block.Table, block.Address, block.Count).Describe();

    private static string Detail(TagReading reading, List<string> failures) =>
        failures.Count > 0 ? failures[0] : string.Join("; ", reading.Reasons);
}
