using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Simulator.Farm;

namespace EdgeSensors.Cli.Reading;

/// <summary>One simulated instrument as the demo polls it: where it sits on the farm and its whole profile.</summary>
public sealed record DemoUnit(FarmUnit Farm, ProfileTarget Target);

/// <summary>One demo poll cycle: every unit's profile reading, in unit order.</summary>
public sealed record DemoCycle(int Number, DateTimeOffset Time, IReadOnlyList<(DemoUnit Unit, ProfileReading Reading)> Units)
{
    /// <summary>One line on the gateway pipeline (queue, published, backend, alarms, outputs), when the demo runs one.</summary>
    public string? Gateway { get; init; }

    /// <summary>The first unit whose read failed (timeout, exception, CRC), or null when every block answered.</summary>
    public ProfileReading? Failure => Units.Select(u => u.Reading).FirstOrDefault(r => !r.IsOk);
}

/// <summary>Polls every demo unit over one bus at a fixed period (start to start) until cancelled or after N cycles.</summary>
public sealed class DemoLoop(ModbusBus bus, IReadOnlyList<DemoUnit> units, TimeSpan period, int? maxCycles, Func<string>? gateway = null)
{
    public async Task<DemoCycle?> RunAsync(Action<DemoCycle> show, CancellationToken ct)
    {
        DemoCycle? last = null;
        using var timer = new PeriodicTimer(period);
        for (int done = 0; maxCycles is null || done < maxCycles; done++)
        {
            if (done > 0)
            {
                await timer.WaitForNextTickAsync(ct);
            }

            // The units are read concurrently; the bus still sends one request at a time and rotates fairly between them.
            ProfileReading[] readings = await Task.WhenAll(units.Select(async u => (ProfileReading)await u.Target.ReadAsync(bus, ct)));
            last = new DemoCycle(done + 1, DateTimeOffset.UtcNow, [.. units.Zip(readings)]) { Gateway = gateway?.Invoke() };
            show(last);
        }

        return last;
    }
}
