using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Live.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Live.Ack;

/// <summary>POST /api/devices/{id}/alarms/ack: <c>tag</c> is the alarm's tag as the device sends it ("device/tag") or "*" for all.</summary>
public sealed record AlarmAckRequest(string Tag);

/// <summary>
/// What was sent: the exact topic and payload (QoS 1), when and by whom. <c>waitingAlarms</c> counts the active,
/// unacknowledged alarms the server knew for that target when it sent. <c>note</c> says that the state changes only
/// when the device answers.
/// </summary>
public sealed record AlarmAckSent(Guid DeviceId, string MqttId, string Tag, string Topic, string Payload, int Qos, DateTime SentAt, string SentBy,
    int WaitingAlarms, string Note);

/// <summary>
/// Acknowledging alarms from the fleet server. The device owns alarm state (it latches, sounds and clears alarms
/// locally, network or not), so the server only relays the operator's acknowledgement as the command of
/// docs/telemetry.md and shows the alarm acknowledged when the device's "acknowledged" event comes back. Each request
/// is written to the audit log before it is sent, so no acknowledgement reaches a device unrecorded.
/// </summary>
public static class AlarmAckApi
{
    public const string AuditAction = "alarm.ack";

    /// <summary>Written when the broker did not take a recorded acknowledgement.</summary>
    public const string AuditActionUnsent = "alarm.ack-unsent";

    public static RouteGroupBuilder MapAlarmAckApi(this RouteGroupBuilder api)
    {
        api.MapPost("/devices/{deviceId:guid}/alarms/ack", Acknowledge).WithTags("Live").RequireAuthorization(Permissions.AlarmsAck)
            .WithSummary("Send the device the command that acknowledges the alarms of one tag, or all (\"*\").")
            .WithDescription("Publishes the UTF-8 text tag (\"device/tag\") or \"*\" with QoS 1 to {prefix}/{mqttId}/commands/ack and answers 202 with what "
                + "was sent. The device owns alarm state: the alarm shows as acknowledged in GET /api/devices/{deviceId}/live only when the device's "
                + "'acknowledged' event comes back on its alarms topic. 404: no such device in your tenant; 409: the device is not enrolled or its "
                + "credentials are revoked; 422: a bad tag (errors.tag); 503: the broker did not take the command (nothing was sent).");
        return api;
    }

    public static async Task<Results<Accepted<AlarmAckSent>, ProblemHttpResult>> Acknowledge(Guid deviceId, AlarmAckRequest request, FleetDbContext db,
        AuditLog audit, Caller caller, IDeviceCommandChannel commands, TimeProvider time, CancellationToken ct)
    {
        var check = new RequestValidator();
        if (string.IsNullOrEmpty(request.Tag))
        {
            check.Add("tag", "Required: the alarm's tag as the device sends it (\"device/tag\", e.g. \"pt495-1/h2s\"), or \"*\" for every alarm of the device.");
        }
        else if (!AckCommand.IsValidTarget(request.Tag))
        {
            check.Add("tag", $"'{Shorten(request.Tag)}' is not a tag: 1-64 of A-Z a-z 0-9 _ . : / -, starting with a letter or digit, as in the device's alarm events; or \"*\" for every alarm of the device.");
        }

        if (check.Problem is { } invalid)
        {
            return invalid;
        }

        var device = await db.Devices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => new { d.Id, d.Name, d.TenantId }).FirstOrDefaultAsync(ct);
        if (device is null)
        {
            return ApiProblems.NotFound("device", deviceId);
        }

        var credential = await db.Set<DeviceCredential>().AsNoTracking().Where(c => c.DeviceId == deviceId)
            .Select(c => new { c.Username, c.RevokedAt }).FirstOrDefaultAsync(ct);
        if (credential is null || credential.RevokedAt is not null)
        {
            return ApiProblems.Conflict("The device cannot receive commands.",
                $"Device {device.Name} ({deviceId}) {(credential is null ? "is not enrolled, so it has no MQTT id to send to; enrol it (POST /api/enrol)" : "has revoked credentials, so it is not connected; enrol it again")} and send the acknowledgement again.");
        }

        var alarms = db.Set<LiveAlarmRow>().AsNoTracking().Where(a => a.DeviceId == deviceId && a.Active && !a.Acknowledged);
        int waiting = await (request.Tag == AckCommand.All ? alarms : alarms.Where(a => a.Tag == request.Tag)).CountAsync(ct);

        string topic = AckCommand.Topic(commands.TopicPrefix, credential.Username);
        var sent = new AlarmAckSent(deviceId, credential.Username, request.Tag, topic, request.Tag, 1, time.UtcNow(), caller.Actor, waiting,
            $"Sent to the device. The device owns the alarm state: the alarm shows as acknowledged only when the device's 'acknowledged' event comes back on "
            + $"{commands.TopicPrefix}/{credential.Username}/alarms (GET /api/devices/{deviceId}/live). A device that is offline does not get this command; send it again when it is back.");

        // Recorded first: an acknowledgement of a hazardous alarm that reached a device must always have its who and when.
        audit.Record(AuditAction, "device", deviceId, null, new { sent.Tag, sent.Topic, sent.MqttId, deviceName = device.Name });
        await audit.SaveChangesAsync(ct);
        try
        {
            await commands.PublishAsync(topic, AckCommand.Payload(request.Tag), ct);
        }
        catch (DeviceCommandException ex)
        {
            audit.Record(AuditActionUnsent, "device", deviceId, null, new { sent.Tag, sent.Topic, error = ex.Message });
            await audit.SaveChangesAsync(CancellationToken.None);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The acknowledgement was not sent.",
                detail: $"Nothing reached device {device.Name}: {ex.Message}");
        }

        return TypedResults.Accepted($"/api/devices/{deviceId}/live", sent);
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
