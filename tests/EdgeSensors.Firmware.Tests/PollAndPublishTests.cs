using System.Text.Json;
using EdgeSensors.Firmware.Tests.Support;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Firmware.Tests;

/// <summary>The node core polls the simulator over a real pty and publishes to a real Mosquitto, on the telemetry contract.</summary>
public sealed class PollAndPublishTests
{
    [Fact]
    public async Task Readings_polled_over_the_pty_reach_mosquitto_with_the_simulators_values_and_units()
    {
        await using FirmwareRig rig = await FirmwareRig.StartAsync(FirmwareRig.Config());

        await FirmwareRig.WaitUntilAsync(
            () => Decoded.Readings(rig.Observer).Where(r => !r.Backfill).Select(r => r.Reading.Tag).Distinct().Count() == 3,
            TimeSpan.FromSeconds(20),
            "live readings of all three instruments on " + FirmwareRig.Prefix + "/telemetry");

        List<(bool Backfill, TelemetryReading Reading)> readings = Decoded.Readings(rig.Observer);
        TelemetryReading lel = readings.Last(r => r.Reading.Tag == "t101-lel/concentration").Reading;
        TelemetryReading pressure = readings.Last(r => r.Reading.Tag == "keller/p1").Reading;
        TelemetryReading level = readings.Last(r => r.Reading.Tag == "vega/pv").Reading;
        Assert.Equal("%LEL", lel.Unit);
        Assert.Equal("bar", pressure.Unit);
        Assert.Equal("m", level.Unit);
        Assert.All(readings, r => Assert.Equal(EdgeSensors.Alarms.SignalQuality.Good, r.Reading.Quality));
        // Polls before the first connect were buffered and went out flagged backfill; later ones live, in their own messages.
        Assert.Contains(readings, r => !r.Backfill);

        // The farm's clock stands still, so its registers hold the values it holds now: x10 integer for the PT495
        // (0.1 %LEL resolution), float32 ABCD for the KELLER, float32 CDAB for the VEGA.
        Assert.Equal(rig.SimulatedValue(1), lel.Value, 0.051);
        Assert.Equal((float)rig.SimulatedValue(5), pressure.Value, 1e-6);
        Assert.Equal((float)rig.SimulatedValue(4), level.Value, 1e-6);
        Assert.InRange(pressure.Value, 5, 7); // about 6 bar, as DefaultFarm sets it
        Assert.InRange(level.Value, 1, 11);

        ulong[] seqs = readings.Select(r => r.Reading.Seq).ToArray();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Length, seqs.Distinct().Count());
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.InRange(lel.TimeMs, now - 30_000, now);

        // The retained status names every device with its counters.
        await FirmwareRig.WaitUntilAsync(() => rig.Observer.On(FirmwareRig.Prefix + "/status").Count() >= 2, TimeSpan.FromSeconds(10), "two status messages");
        using JsonDocument status = JsonDocument.Parse(rig.Observer.On(FirmwareRig.Prefix + "/status").Last());
        JsonElement devices = status.RootElement.GetProperty("devices");
        Assert.Equal(3, devices.GetArrayLength());
        Assert.All(devices.EnumerateArray(), d => Assert.True(d.GetProperty("ok").GetInt64() > 0));
        Assert.Equal(0, devices[0].GetProperty("crc_errors").GetInt64());
        Assert.Equal(FirmwareRig.NodeId, status.RootElement.GetProperty("node").GetString());
    }
}
