using EdgeSensors.Profiles.Model;
using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Simulator.Farm;

/// <summary>
/// The simulated plant: instruments built from their profiles, driven in fixed one-second steps from one seeded
/// generator, so the registers at a given simulated time depend only on the seed, however often they are read.
/// Thread-safe: servers call <see cref="Sync"/> from many connections.
/// </summary>
public sealed class TankFarm
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private readonly object _gate = new();
    private readonly Random _random;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _start;
    private readonly Dictionary<byte, SimulatedDevice> _devices = [];
    private readonly Dictionary<string, LeakEpisodes> _leaks = new(StringComparer.Ordinal);
    private long _steps;

    public TankFarm(IEnumerable<DeviceProfile> profiles, IEnumerable<FarmUnit> units, int seed, TimeProvider? clock = null, EpisodeSettings? episodes = null)
    {
        _random = new Random(seed);
        _clock = clock ?? TimeProvider.System;
        _start = _clock.GetUtcNow();
        episodes ??= new EpisodeSettings();
        Dictionary<string, DeviceProfile> byId = profiles.ToDictionary(p => p.Id, StringComparer.Ordinal);
        foreach (FarmUnit unit in units.OrderBy(u => u.Unit))
        {
            if (!byId.TryGetValue(unit.ProfileId, out DeviceProfile? profile))
            {
                throw new ArgumentException($"unit {unit.Unit}: no profile '{unit.ProfileId}' (have {string.Join(", ", byId.Keys)})", nameof(units));
            }

            if (!_devices.TryAdd(unit.Unit, new SimulatedDevice(unit, profile, episodes, _random)))
            {
                throw new ArgumentException($"unit {unit.Unit} is listed twice", nameof(units));
            }

            if (unit.Signal.Kind is SignalKind.CombustibleGas or SignalKind.ToxicGas && !_leaks.ContainsKey(unit.Location))
            {
                _leaks[unit.Location] = new LeakEpisodes(episodes, _random);
            }
        }

        foreach (SimulatedDevice device in _devices.Values)
        {
            device.Step(_random, 0);
            device.Publish();
        }
    }

    public IReadOnlyCollection<SimulatedDevice> Devices => _devices.Values;

    /// <summary>Simulated time since the farm started.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return Step * _steps;
            }
        }
    }

    public object SyncRoot => _gate;

    public bool TryGetDevice(byte unit, out SimulatedDevice device)
    {
        return _devices.TryGetValue(unit, out device!);
    }

    /// <summary>Advances the signals to the clock's current time. Call under <see cref="SyncRoot"/> or let it lock.</summary>
    public void Sync()
    {
        lock (_gate)
        {
            long target = (long)((_clock.GetUtcNow() - _start) / Step);
            if (target <= _steps)
            {
                return;
            }

            while (_steps < target)
            {
                foreach (LeakEpisodes leak in _leaks.Values)
                {
                    leak.Step(_random);
                }

                foreach (SimulatedDevice device in _devices.Values)
                {
                    double intensity = _leaks.TryGetValue(device.Unit.Location, out LeakEpisodes? leak) ? leak.Intensity : 0;
                    device.Step(_random, intensity);
                }

                _steps++;
            }

            foreach (SimulatedDevice device in _devices.Values)
            {
                device.Publish();
            }
        }
    }

    /// <summary>Starts a leak at <paramref name="location"/> now (for demos and tests; leaks also start on their own).</summary>
    public void TriggerLeak(string location)
    {
        lock (_gate)
        {
            if (!_leaks.TryGetValue(location, out LeakEpisodes? leak))
            {
                throw new ArgumentException($"no gas detector at '{location}' (have {string.Join(", ", _leaks.Keys)})", nameof(location));
            }

            leak.Start();
        }
    }

    /// <summary>Puts a unit into a sensor-fault episode for <paramref name="duration"/> of simulated time.</summary>
    public void TriggerSensorFault(byte unit, TimeSpan duration)
    {
        lock (_gate)
        {
            if (!_devices.TryGetValue(unit, out SimulatedDevice? device))
            {
                throw new ArgumentException($"unit {unit} is not in the farm", nameof(unit));
            }

            device.StartFault(duration);
            device.Publish();
        }
    }
}
