using System.Text.Json.Nodes;
using EdgeSensors.Fleet.Broker.Access;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSensors.Fleet.Broker.Mosquitto;

/// <summary>
/// Broker mode "external": device logins and topic rights live in Mosquitto's dynamic security plugin, kept in step
/// with the registry. Each device gets a dynsec client (user name = client id = device id) and its own role
/// "edgesensors-device-{id}" whose ACLs are exactly <see cref="DeviceTopicPolicy"/>'s; Mosquitto's default ACL access
/// (as `mosquitto_ctrl dynsec init` writes it) denies every other publish and subscribe. The fleet server's own login
/// gets the role "edgesensors-fleet-server": every topic under the prefix, shared subscriptions included.
/// </summary>
public sealed class MosquittoDeviceAccess(FleetBrokerOptions options, InternalCredential admin, ILogger<MosquittoDeviceAccess> log) : IHostedService, IDeviceAccessControl, IAsyncDisposable
{
    public const string ServerRole = "edgesensors-fleet-server";
    private readonly DeviceTopicPolicy _policy = new(options.TopicPrefix);
    private readonly string _clientId = $"fleet-dynsec-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
    private readonly SemaphoreSlim _reconnect = new(1, 1);
    private DynamicSecurityClient? _dynsec;

    public static string DeviceRole(string deviceId) => "edgesensors-device-" + deviceId;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _dynsec = await ConnectAsync(cancellationToken).ConfigureAwait(false);

        // Idempotent: a second instance (or a restart) finds the role and its ACLs already there.
        await _dynsec.SendAsync(new JsonObject { ["command"] = "createRole", ["rolename"] = ServerRole }, cancellationToken).ConfigureAwait(false);
        foreach (string acl in (string[])["publishClientSend", "publishClientReceive", "subscribePattern", "unsubscribePattern"])
        {
            await _dynsec.SendAsync(Acl("addRoleACL", ServerRole, acl, options.TopicPrefix + "/#"), cancellationToken).ConfigureAwait(false);
        }

        if (!await HasServerRoleAsync(_dynsec, cancellationToken).ConfigureAwait(false))
        {
            // Mosquitto drops a client whose roles change (so its ACLs are re-read), before it answers: this very
            // connection. Reconnect and check that the role is there.
            try
            {
                await _dynsec.SendAsync(new JsonObject { ["command"] = "addClientRole", ["username"] = admin.Username, ["rolename"] = ServerRole }, cancellationToken).ConfigureAwait(false);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The expected kick.
            }

            await _dynsec.DisposeAsync().ConfigureAwait(false);
            _dynsec = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            if (!await HasServerRoleAsync(_dynsec, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"Mosquitto did not give the fleet server's login '{admin.Username}' the role {ServerRole}; check the broker log");
            }
        }

        log.LogInformation("Mosquitto at {Host}:{Port}: dynamic security ready, fleet role {Role}", options.Host, options.Port, ServerRole);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<bool> HasServerRoleAsync(DynamicSecurityClient dynsec, CancellationToken ct)
    {
        JsonObject response = await dynsec.QueryAsync(new JsonObject { ["command"] = "getClient", ["username"] = admin.Username }, ct).ConfigureAwait(false);
        return response["data"]?["client"]?["roles"] is JsonArray roles && roles.Any(r => r?["rolename"]?.GetValue<string>() == ServerRole);
    }

    private Task<DynamicSecurityClient> ConnectAsync(CancellationToken ct) =>
        DynamicSecurityClient.ConnectAsync(options.Host, options.Port, admin, _clientId, ct);

    /// <summary>A device role's ACLs: exactly <see cref="DeviceTopicPolicy"/>'s topics (also written by <see cref="DynamicSecurityFile"/>).</summary>
    public static JsonArray DeviceAcls(DeviceTopicPolicy policy, string deviceId)
    {
        var acls = new JsonArray();
        foreach (string topic in policy.PublishTopics(deviceId))
        {
            acls.Add(new JsonObject { ["acltype"] = "publishClientSend", ["topic"] = topic, ["priority"] = 0, ["allow"] = true });
        }

        foreach (string filter in policy.SubscribeFilters(deviceId))
        {
            acls.Add(new JsonObject { ["acltype"] = "subscribePattern", ["topic"] = filter, ["priority"] = 0, ["allow"] = true });
        }

        return acls;
    }

    /// <summary>Devices granted per dynamic security request by <see cref="GrantManyAsync"/>.</summary>
    public const int GrantBatch = 50;

    /// <summary>Creates the device's role and client, or sets a rotated password (and re-enables a revoked client).</summary>
    public Task GrantAsync(string deviceId, string password, CancellationToken ct) => GrantManyAsync([(deviceId, password)], ct);

    /// <summary>
    /// Grants many devices (bulk enrolment, or re-seeding a new broker from the registry): per device its role with its
    /// ACLs and its client, <see cref="GrantBatch"/> devices per request; a device whose client exists already gets the
    /// new password and is enabled again. Mosquitto 2.0 saves its whole JSON file after every change, so the cost still
    /// grows with the number of clients; batching removes the round trip per command (was 8 per device).
    /// </summary>
    public async Task GrantManyAsync(IReadOnlyList<(string DeviceId, string Password)> devices, CancellationToken ct)
    {
        DynamicSecurityClient dynsec = await ConnectedAsync(ct).ConfigureAwait(false);
        foreach ((string DeviceId, string Password)[] chunk in devices.Chunk(GrantBatch))
        {
            var commands = new List<JsonObject>(chunk.Length * 2);
            foreach ((string deviceId, string password) in chunk)
            {
                // An existing role (a rotation or re-enrolment) already has these ACLs: its "already exists" is fine.
                commands.Add(new JsonObject { ["command"] = "createRole", ["rolename"] = DeviceRole(deviceId), ["acls"] = DeviceAcls(_policy, deviceId) });
                commands.Add(new JsonObject
                {
                    ["command"] = "createClient",
                    ["username"] = deviceId,
                    ["clientid"] = deviceId,
                    ["password"] = password,
                    ["roles"] = new JsonArray(new JsonObject { ["rolename"] = DeviceRole(deviceId) }),
                });
            }

            string?[] errors = await dynsec.SendManyAsync(commands, ct).ConfigureAwait(false);
            var existing = new List<JsonObject>();
            for (int i = 0; i < chunk.Length; i++)
            {
                if (errors[(2 * i) + 1] is not null)
                {
                    // Already there: a rotation or a re-enrolment.
                    existing.Add(new JsonObject { ["command"] = "setClientPassword", ["username"] = chunk[i].DeviceId, ["password"] = chunk[i].Password });
                    existing.Add(new JsonObject { ["command"] = "enableClient", ["username"] = chunk[i].DeviceId });
                }
            }

            if (existing.Count > 0)
            {
                string?[] failed = await dynsec.SendManyAsync(existing, ct).ConfigureAwait(false);
                if (failed.Select((error, i) => (error, i)).FirstOrDefault(f => f.error is not null) is { error: { } error } first)
                {
                    string device = existing[first.i]["username"]!.GetValue<string>();
                    throw new InvalidOperationException($"Mosquitto dynamic security '{existing[first.i]["command"]}' for device {device} failed: {error}");
                }
            }
        }
    }

    /// <summary>Disables the dynsec client: Mosquitto refuses its logins and drops its current connection.</summary>
    public async Task RevokeAsync(string deviceId, CancellationToken ct)
    {
        DynamicSecurityClient dynsec = await ConnectedAsync(ct).ConfigureAwait(false);
        await dynsec.RunAsync(new JsonObject { ["command"] = "disableClient", ["username"] = deviceId }, ct).ConfigureAwait(false);
        log.LogInformation("device {Device} disabled in Mosquitto", deviceId);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dynsec is not null)
        {
            await _dynsec.DisposeAsync().ConfigureAwait(false);
            _dynsec = null;
        }
    }

    /// <summary>The control connection, made again when Mosquitto dropped it (a broker restart).</summary>
    private async Task<DynamicSecurityClient> ConnectedAsync(CancellationToken ct)
    {
        DynamicSecurityClient current = _dynsec ?? throw new InvalidOperationException("Mosquitto dynamic security is not connected yet (the hosted service has not started)");
        if (current.IsConnected)
        {
            return current;
        }

        await _reconnect.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_dynsec is { IsConnected: false } stale)
            {
                await stale.DisposeAsync().ConfigureAwait(false);
                _dynsec = await ConnectAsync(ct).ConfigureAwait(false);
                log.LogInformation("Mosquitto at {Host}:{Port}: dynamic security reconnected", options.Host, options.Port);
            }

            return _dynsec!;
        }
        finally
        {
            _reconnect.Release();
        }
    }

    private static JsonObject Acl(string command, string role, string type, string topic) => new()
    {
        ["command"] = command,
        ["rolename"] = role,
        ["acltype"] = type,
        ["topic"] = topic,
        ["allow"] = true,
    };
}
