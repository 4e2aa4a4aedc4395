using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Portable.Tests.Node.Support;

/// <summary>What the in-memory broker received, decoded with the shared decoder (which rejects anything off-contract).</summary>
internal static class Published
{
    public static List<(bool Backfill, TelemetryReading Reading)> Readings(MemoryMqttLink link, string topic = "edgesensors/node-esp32-07/telemetry")
    {
        var decoder = new TelemetryDecoder();
        var result = new List<(bool, TelemetryReading)>();
        foreach (byte[] payload in link.On(topic))
        {
            var batch = new TelemetryBatch(500);
            TelemetryDecodeStatus status = decoder.DecodeBatch(payload, 0, payload.Length, batch);
            Assert.True(status == TelemetryDecodeStatus.Ok, decoder.ErrorMessage);
            Assert.Equal("node-esp32-07", batch.Source);
            for (int i = 0; i < batch.Count; i++)
            {
                var copy = new TelemetryReading();
                copy.Set(batch[i].Tag, batch[i].Value, batch[i].Unit, batch[i].Quality, batch[i].TimeMs, batch[i].Seq);
                result.Add((batch.Backfill, copy));
            }
        }

        return result;
    }

    public static List<AlarmMessage> Alarms(MemoryMqttLink link, string topic = "edgesensors/node-esp32-07/alarms")
    {
        var decoder = new TelemetryDecoder();
        var result = new List<AlarmMessage>();
        foreach (byte[] payload in link.On(topic))
        {
            var alarm = new AlarmMessage();
            TelemetryDecodeStatus status = decoder.DecodeAlarm(payload, 0, payload.Length, alarm);
            Assert.True(status == TelemetryDecodeStatus.Ok, decoder.ErrorMessage);
            result.Add(alarm);
        }

        return result;
    }
}
