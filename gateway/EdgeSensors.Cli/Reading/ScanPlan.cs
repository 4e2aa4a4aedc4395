using EdgeSensors.Cli.Options;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Cli.Reading;

/// <summary>What scan tries: every line setting (serial: baud x parity; TCP: one) times every unit.</summary>
public sealed class ScanPlan(IReadOnlyList<ConnectionSpec> settings, IReadOnlyList<int> units, TimeSpan probeTimeout, int probeRetries = 0)
{
    public IReadOnlyList<ConnectionSpec> Settings { get; } = settings;

    public IReadOnlyList<int> Units { get; } = units;

    public TimeSpan ProbeTimeout { get; } = probeTimeout;

    /// <summary>Extra attempts per probe after a timeout or garbled reply (a unit that missed one frame on a noisy line).</summary>
    public int ProbeRetries { get; } = probeRetries;

    public int ProbeCount => Settings.Count * Units.Count;

    /// <summary>Runs every probe; <paramref name="progress"/> is told after each one. Stops early on a transport failure.</summary>
    public async Task<ScanReport> RunAsync(Action<ConnectionSpec, int> progress, CancellationToken ct)
    {
        var found = new List<FoundUnit>();
        int garbled = 0;
        foreach (ConnectionSpec setting in Settings)
        {
            await using var bus = new ModbusBus(setting.CreateTransport(), UnitProbe.ProbeOptions(ProbeTimeout, ProbeRetries));
            foreach (int unit in Units)
            {
                ModbusResult result = await UnitProbe.ProbeAsync(bus, (byte)unit, ct);
                progress(setting, unit);
                if (UnitProbe.Answered(result))
                {
                    found.Add(new FoundUnit((byte)unit, setting, result));
                }
                else if (result.Status == ModbusStatus.TransportError)
                {
                    return new ScanReport(this, found, garbled, result);
                }
                else if (result.Status is not (ModbusStatus.Timeout or ModbusStatus.UnitIsolated))
                {
                    garbled++;
                }
            }
        }

        return new ScanReport(this, found, garbled, null);
    }
}

/// <summary>The scan's result: units found, replies that were garbled (a hint of wrong baud/parity) and a fatal transport failure.</summary>
public sealed record ScanReport(ScanPlan Plan, IReadOnlyList<FoundUnit> Found, int Garbled, ModbusResult? TransportFailure);
