using System.Security.Cryptography;
using EdgeSensors.Fleet.Audit;
using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Identity;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Enrolment;

/// <summary>Why an enrolment or credential call was refused, as the problem the API answers with.</summary>
public sealed record EnrolmentFailure(int Status, string Title, string Detail);

/// <summary>
/// Turns an enrolment token into a device identity: claims one use of the token atomically, creates (or re-keys) the
/// device and its credential with the audit entry in one transaction, then tells the broker. Also rotation and
/// revocation of a device's credential.
/// </summary>
public sealed class EnrolmentService(
    FleetDbContext db,
    CurrentTenant tenant,
    Caller caller,
    AuditLog audit,
    TimeProvider time,
    IDeviceAccessControl broker,
    BrokerEndpointInfo endpoint,
    ILogger<EnrolmentService> log)
{
    public async Task<(EnrolResponse? Response, EnrolmentFailure? Failure)> EnrolAsync(EnrolRequest request, string requestHost, CancellationToken ct)
    {
        tenant.EnterSystemScope();
        DateTime now = time.UtcNow();
        string hash = BearerTokens.Hash(request.Token);
        EnrolmentToken? token = await db.Set<EnrolmentToken>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null)
        {
            return Fail(401, "Unknown enrolment token.", "No enrolment token matches; check it was copied whole (it starts with esen_), or ask an admin for a new one (POST /api/enrolment-tokens).");
        }

        // Atomic claim: two enrolments racing for the last use cannot both win, on SQLite or PostgreSQL.
        int claimed = await db.Set<EnrolmentToken>()
            .Where(t => t.Id == token.Id && t.Uses < t.MaxUses && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Uses, t => t.Uses + 1), ct);
        if (claimed == 0)
        {
            EnrolmentToken current = await db.Set<EnrolmentToken>().AsNoTracking().FirstAsync(t => t.Id == token.Id, ct);
            return current.RevokedAt is not null
                ? Fail(401, "Enrolment token revoked.", $"The token was revoked at {current.RevokedAt:u}; ask an admin for a new one.")
                : current.ExpiresAt <= now
                    ? Fail(401, "Enrolment token expired.", $"The token expired at {current.ExpiresAt:u}; ask an admin for a new one (POST /api/enrolment-tokens).")
                    : Fail(409, "Enrolment token used up.", $"The token was for {current.MaxUses} enrolment(s) and all are used; ask an admin for a new one.");
        }

        caller.Set("enrolment-token:" + token.Id);
        try
        {
            (EnrolResponse? response, EnrolmentFailure? failure) = token.DeviceId is Guid deviceId
                ? await RekeyAsync(token, deviceId, request, requestHost, now, ct)
                : await CreateDeviceAsync(token, request, requestHost, now, ct);
            if (failure is not null)
            {
                await GiveBackAsync(token.Id, ct);
            }

            return (response, failure);
        }
        catch (DbUpdateException)
        {
            // A concurrent enrolment took the same id between our check and our insert.
            await GiveBackAsync(token.Id, ct);
            return Fail(409, "Device id already taken.", $"Another device enrolled as '{request.RequestedId}' at the same moment; enrol again with another --id.");
        }
    }

    public async Task<(CreatedEnrolmentToken? Created, EnrolmentFailure? Failure)> CreateTokenAsync(Guid siteId, Guid? deviceId, int? maxUses, int? expiresInHours, CancellationToken ct)
    {
        int uses = maxUses ?? 1;
        int hours = expiresInHours ?? EnrolmentRules.DefaultExpiryHours;
        if (uses is < 1 or > EnrolmentRules.MaxUses)
        {
            return (null, new EnrolmentFailure(422, "maxUses is out of range.", $"maxUses must be 1 to {EnrolmentRules.MaxUses}; it was {uses}."));
        }

        if (hours is < 1 or > EnrolmentRules.MaxExpiryHours)
        {
            return (null, new EnrolmentFailure(422, "expiresInHours is out of range.", $"expiresInHours must be 1 to {EnrolmentRules.MaxExpiryHours} h; it was {hours} h."));
        }

        if (!await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            return (null, new EnrolmentFailure(404, "Site not found.", $"No site {siteId} in your tenant; list them with GET /api/sites."));
        }

        string secret = BearerTokens.New(EnrolmentRules.TokenPrefix);
        DateTime now = time.UtcNow();
        var token = new EnrolmentToken
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.TenantId ?? throw new InvalidOperationException("Creating an enrolment token needs a tenant."),
            SiteId = siteId,
            DeviceId = deviceId,
            TokenHash = BearerTokens.Hash(secret),
            MaxUses = uses,
            ExpiresAt = now.AddHours(hours),
            CreatedBy = caller.Actor,
            CreatedAt = now,
        };
        db.Set<EnrolmentToken>().Add(token);
        audit.Record(deviceId is null ? "enrolment-token.create" : "device.credentials.rotate", "enrolment-token", token.Id, null, EnrolmentTokenView.Of(token));
        await audit.SaveChangesAsync(ct);
        return (new CreatedEnrolmentToken(EnrolmentTokenView.Of(token), secret), null);
    }

    public async Task<EnrolmentTokenView?> RevokeTokenAsync(Guid id, CancellationToken ct)
    {
        EnrolmentToken? token = await db.Set<EnrolmentToken>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (token is null)
        {
            return null;
        }

        EnrolmentTokenView before = EnrolmentTokenView.Of(token);
        token.RevokedAt ??= time.UtcNow();
        audit.Record("enrolment-token.revoke", "enrolment-token", token.Id, before, EnrolmentTokenView.Of(token));
        await audit.SaveChangesAsync(ct);
        return EnrolmentTokenView.Of(token);
    }

    /// <summary>Refuses the device from now on (registry first, so no new login slips in) and ends its connection.</summary>
    public async Task<DeviceCredentialView?> RevokeCredentialAsync(Guid deviceId, CancellationToken ct)
    {
        DeviceCredential? credential = await db.Set<DeviceCredential>().FirstOrDefaultAsync(c => c.DeviceId == deviceId, ct);
        if (credential is null)
        {
            return null;
        }

        DeviceCredentialView before = DeviceCredentialView.Of(credential);
        credential.RevokedAt ??= time.UtcNow();
        audit.Record("device.credentials.revoke", "device", deviceId, before, DeviceCredentialView.Of(credential));
        await audit.SaveChangesAsync(ct);
        await broker.RevokeAsync(credential.Username, ct);
        log.LogInformation("device {Device} ({Id}): credentials revoked by {Actor}", credential.Username, deviceId, caller.Actor);
        return DeviceCredentialView.Of(credential);
    }

    private async Task<(EnrolResponse?, EnrolmentFailure?)> CreateDeviceAsync(EnrolmentToken token, EnrolRequest request, string requestHost, DateTime now, CancellationToken ct)
    {
        string id = request.RequestedId ?? EnrolmentRules.IdFor(request.Kind, request.SerialNumber);
        if (!EnrolmentRules.IsDeviceId(id))
        {
            return Fail(422, "The device id is not valid.", $"'{id}' cannot be a device id: use 1-64 of A-Z a-z 0-9 _ . -, starting with a letter or digit (e.g. gw-tankfarm-01).");
        }

        if (await db.Set<DeviceCredential>().AnyAsync(c => c.Username == id, ct))
        {
            return Fail(409, "Device id already taken.",
                $"A device '{id}' is already enrolled. Enrol this one with another id, or, to replace that device, an admin issues a re-enrolment token: POST /api/devices/{{id}}/credentials/rotate.");
        }

        // A device an engineer registered beforehand (same tenant, site and name, no credential yet) is adopted.
        Device? device = await db.Devices.FirstOrDefaultAsync(d => d.TenantId == token.TenantId && d.Name == id, ct);
        if (device is not null && device.SiteId != token.SiteId)
        {
            return Fail(409, "Device id already taken.", $"'{id}' is registered at another site of this tenant; enrol with another id or move that device first.");
        }

        tenant.Set(token.TenantId);
        bool adopted = device is not null;
        device ??= new Device { Id = Guid.NewGuid(), TenantId = token.TenantId, SiteId = token.SiteId, Name = id, CreatedAt = now };
        device.Kind = request.Kind;
        device.SerialNumber = request.SerialNumber ?? device.SerialNumber;
        ApplyVersions(device, request, now);
        if (!adopted)
        {
            db.Devices.Add(device);
        }

        string password = DeviceSecret.NewPassword();
        var credential = new DeviceCredential
        {
            DeviceId = device.Id,
            TenantId = token.TenantId,
            Username = id,
            PasswordHash = DeviceSecret.Hash(password),
            ConfigKey = RandomNumberGenerator.GetBytes(32),
            Generation = 1,
            IssuedAt = now,
        };
        db.Set<DeviceCredential>().Add(credential);
        audit.Record("device.enrol", "device", device.Id, null, new { deviceId = id, device.Kind, device.SiteId, device.SerialNumber, token = token.Id, adopted }, token.TenantId);
        await audit.SaveChangesAsync(ct);
        await broker.GrantAsync(id, password, ct);
        log.LogInformation("device {Device} enrolled at site {Site} with token {Token}", id, token.SiteId, token.Id);
        return (Response(device, credential, password, requestHost), null);
    }

    private async Task<(EnrolResponse?, EnrolmentFailure?)> RekeyAsync(EnrolmentToken token, Guid deviceId, EnrolRequest request, string requestHost, DateTime now, CancellationToken ct)
    {
        Device? device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId, ct);
        DeviceCredential? credential = await db.Set<DeviceCredential>().FirstOrDefaultAsync(c => c.DeviceId == deviceId, ct);
        if (device is null || credential is null)
        {
            return Fail(410, "The device of this token is gone.", "The device was deleted after the token was issued; enrol it as a new device with a site token.");
        }

        if (request.RequestedId is not null && request.RequestedId != credential.Username)
        {
            return Fail(422, "This token re-keys another device.", $"The token belongs to device '{credential.Username}'; leave out the requested id or use {credential.Username}.");
        }

        tenant.Set(token.TenantId);
        DeviceCredentialView before = DeviceCredentialView.Of(credential);
        string password = DeviceSecret.NewPassword();
        credential.PasswordHash = DeviceSecret.Hash(password);
        credential.Generation++;
        credential.IssuedAt = now;
        credential.RevokedAt = null;
        device.Kind = request.Kind;
        ApplyVersions(device, request, now);
        audit.Record("device.rekey", "device", device.Id, before, DeviceCredentialView.Of(credential), token.TenantId);
        await audit.SaveChangesAsync(ct);
        await broker.GrantAsync(credential.Username, password, ct);
        log.LogInformation("device {Device} re-keyed (generation {Generation}) with token {Token}", credential.Username, credential.Generation, token.Id);
        return (Response(device, credential, password, requestHost), null);
    }

    private static void ApplyVersions(Device device, EnrolRequest request, DateTime now)
    {
        device.HardwareVersion = request.HardwareVersion ?? device.HardwareVersion;
        device.FirmwareVersion = request.FirmwareVersion ?? device.FirmwareVersion;
        device.SoftwareVersion = request.SoftwareVersion ?? device.SoftwareVersion;
        device.VersionsReportedAt = now;
        device.UpdatedAt = now;
    }

    private EnrolResponse Response(Device device, DeviceCredential credential, string password, string requestHost)
    {
        (string host, int port, bool tls, string prefix) = endpoint.ForDevices(requestHost);
        string broker = $"{(tls ? "mqtts" : "mqtt")}://{(host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host)}:{port}";
        var mqtt = new MqttCredentials(broker, host, port, tls, credential.Username, password, credential.Username, prefix);
        return new EnrolResponse(credential.Username, device.Id, device.Kind, device.SiteId, credential.Generation, mqtt, Convert.ToBase64String(credential.ConfigKey));
    }

    private Task GiveBackAsync(Guid tokenId, CancellationToken ct) =>
        db.Set<EnrolmentToken>().Where(t => t.Id == tokenId && t.Uses > 0).ExecuteUpdateAsync(s => s.SetProperty(t => t.Uses, t => t.Uses - 1), ct);

    private static (EnrolResponse?, EnrolmentFailure?) Fail(int status, string title, string detail) => (null, new EnrolmentFailure(status, title, detail));
}
