using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Firmware.Tests.Support;

/// <summary>What the observer received from the node, decoded with the shared telemetry decoder (strict: off-contract fails).</summary>
internal static class Decoded
{
    public static List<(bool Backfill, TelemetryReading Reading)> Readings(Observer observer)
    {
        var decoder = new TelemetryDecoder();
        var result = new List<(bool, TelemetryReading)>();
        foreach (byte[] payload in observer.On(FirmwareRig.Prefix + "/telemetry"))
        {
            var batch = new TelemetryBatch(500);
            Assert.True(decoder.DecodeBatch(payload, 0, payload.Length, batch) == TelemetryDecodeStatus.Ok, decoder.ErrorMessage);
            Assert.Equal(FirmwareRig.NodeId, batch.Source);
            for (int i = 0; i < batch.Count; i++)
            {
                var copy = new TelemetryReading();
                copy.Set(batch[i].Tag, batch[i].Value, batch[i].Unit, batch[i].Quality, batch[i].TimeMs, batch[i].Seq);
                result.Add((batch.Backfill, copy));
            }
        }

        return result;
    }

    public static List<AlarmMessage> Alarms(Observer observer)
    {
        var decoder = new TelemetryDecoder();
        var result = new List<AlarmMessage>();
        foreach (byte[] payload in observer.On(FirmwareRig.Prefix + "/alarms"))
        {
            var alarm = new AlarmMessage();
            Assert.True(decoder.DecodeAlarm(payload, 0, payload.Length, alarm) == TelemetryDecodeStatus.Ok, decoder.ErrorMessage);
            result.Add(alarm);
        }

        return result;
    }
}
