using EdgeSensors.Profiles.Model;
using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Simulator.Farm;

/// <summary>One instrument of the farm: its signal, its fault episodes, and the registers they are written into.</summary>
public sealed class SimulatedDevice
{
    private readonly ISignal _signal;
    private readonly FaultEpisodes _faults;
    private readonly TagDefinition _primary;
    private readonly FaultCondition? _faultCondition;
    private readonly double _statusBase;

    internal SimulatedDevice(FarmUnit unit, DeviceProfile profile, EpisodeSettings episodes, Random random)
    {
        Unit = unit;
        Profile = profile;
        Registers = new RegisterImage(profile);
        _primary = profile.GetTag(unit.PrimaryTag);
        _signal = unit.Signal.Kind switch
        {
            SignalKind.Level => new LevelSignal(unit.Signal, random),
            SignalKind.Pressure => new PressureSignal(unit.Signal),
            _ => new GasSignal(unit.Signal, unit.Signal.Peak * (0.5 + (0.5 * random.NextDouble()))),
        };
        _faults = new FaultEpisodes(episodes, random);

        // A fault is shown the way the profile detects it: the first status bit it names, else NaN.
        _faultCondition = _primary.FaultWhen.FirstOrDefault(c => c.Tag is not null) ?? _primary.FaultWhen.FirstOrDefault();
        foreach (var constant in unit.Constants)
        {
            Registers.Set(constant.Key, constant.Value);
        }

        _statusBase = _faultCondition?.Tag is { } statusTag ? Registers.Raw(profile.GetTag(statusTag)) : 0;
    }

    public FarmUnit Unit { get; }

    public DeviceProfile Profile { get; }

    public RegisterImage Registers { get; }

    /// <summary>The primary value last written (before any fault masking), in the primary tag's unit.</summary>
    public double PrimaryValue { get; private set; }

    public bool Faulted => _faults.Active && _faultCondition is not null;

    internal void StartFault(TimeSpan duration) => _faults.Start((long)Math.Max(1, duration.TotalSeconds));

    internal void Step(Random random, double leak)
    {
        PrimaryValue = _signal.Step(random, leak);
        _faults.Step(random);
    }

    internal void Publish()
    {
        bool faulted = Faulted;
        bool nan = faulted && _faultCondition!.OnNaN;
        Registers.Set(_primary, nan ? double.NaN : PrimaryValue);
        foreach (var mirror in Unit.Mirrors)
        {
            Registers.Set(mirror.Key, PrimaryValue * mirror.Value);
        }

        if (_faultCondition?.Tag is { } statusName)
        {
            ulong lowest = _faultCondition.Mask & (~_faultCondition.Mask + 1);
            ulong status = (ulong)_statusBase | (faulted ? lowest : 0);
            TagDefinition statusTag = Profile.GetTag(statusName);
            Registers.Set(statusTag, status);
        }
    }
}
