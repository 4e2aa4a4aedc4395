using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Enrolment;

/// <summary>POST /api/enrolment-tokens: a token for one site; 1 use and 24 h unless said otherwise.</summary>
public sealed record CreateEnrolmentTokenRequest
{
    public required Guid SiteId { get; init; }

    public int? MaxUses { get; init; }

    public int? ExpiresInHours { get; init; }
}

/// <summary>POST /api/devices/{id}/credentials/rotate: how long the device's re-enrolment token stays valid (default 24 h).</summary>
public sealed record RotateCredentialsRequest
{
    public int? ExpiresInHours { get; init; }
}

/// <summary>An enrolment token as listed (never the secret).</summary>
public sealed record EnrolmentTokenView(Guid Id, Guid SiteId, Guid? DeviceId, int MaxUses, int Uses, DateTime ExpiresAt, string CreatedBy, DateTime CreatedAt, DateTime? RevokedAt)
{
    public static EnrolmentTokenView Of(EnrolmentToken t) => new(t.Id, t.SiteId, t.DeviceId, t.MaxUses, t.Uses, t.ExpiresAt, t.CreatedBy, t.CreatedAt, t.RevokedAt);
}

/// <summary>A new token: <see cref="Token"/> is the only copy of the secret.</summary>
public sealed record CreatedEnrolmentToken(EnrolmentTokenView Info, string Token);

/// <summary>
/// POST /api/enrol, sent by `edgesensors enroll` or a node's provisioning tool. <see cref="RequestedId"/> becomes the
/// device id (topic level, client id, user name) when free; otherwise an id is made from the kind and serial.
/// </summary>
public sealed record EnrolRequest
{
    public required string Token { get; init; }

    public required DeviceKind Kind { get; init; }

    public string? RequestedId { get; init; }

    public string? SerialNumber { get; init; }

    public string? HardwareVersion { get; init; }

    public string? FirmwareVersion { get; init; }

    public string? SoftwareVersion { get; init; }
}

/// <summary>Where and how the device logs in to MQTT.</summary>
/// <param name="Broker">mqtt://host:port or mqtts://host:port.</param>
/// <param name="Host">Broker host as the device reaches it.</param>
/// <param name="Port">Broker TCP port.</param>
/// <param name="Tls">True: connect with TLS (mqtts).</param>
/// <param name="Username">The device id.</param>
/// <param name="Password">Only ever sent here, once per enrolment; the server keeps its SHA-256.</param>
/// <param name="ClientId">Must be the device id: the broker refuses any other.</param>
/// <param name="TopicPrefix">First topic level(s): {prefix}/{id}/telemetry.</param>
public sealed record MqttCredentials(string Broker, string Host, int Port, bool Tls, string Username, string Password, string ClientId, string TopicPrefix);

/// <summary>The answer to an enrolment: the device's identity, MQTT login and config key.</summary>
/// <param name="DeviceId">The device id on the wire (topics, client id).</param>
/// <param name="RegistryId">The device's id in the registry API (/api/devices/{registryId}).</param>
/// <param name="Kind">gateway or node.</param>
/// <param name="SiteId">The site the token was bound to.</param>
/// <param name="Generation">1 at first enrolment, +1 with every re-keying.</param>
/// <param name="Mqtt">Broker and login.</param>
/// <param name="ConfigKey">Base64 of the 32-byte HMAC-SHA256 key the device verifies signed configs with.</param>
public sealed record EnrolResponse(string DeviceId, Guid RegistryId, DeviceKind Kind, Guid SiteId, int Generation, MqttCredentials Mqtt, string ConfigKey);

/// <summary>A device's credential state (never the password or the config key).</summary>
public sealed record DeviceCredentialView(Guid DeviceId, string Username, int Generation, DateTime IssuedAt, DateTime? RevokedAt)
{
    public static DeviceCredentialView Of(DeviceCredential c) => new(c.DeviceId, c.Username, c.Generation, c.IssuedAt, c.RevokedAt);
}
