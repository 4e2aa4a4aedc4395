using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSensors.Fleet.Broker.Access;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Broker.Mosquitto;

/// <summary>
/// Mosquitto's dynamic security API over MQTT: each request is a JSON {"commands":[...]} published to
/// $CONTROL/dynamic-security/v1, answered on $CONTROL/dynamic-security/v1/response, matched by correlationData.
/// Logs in as a client holding Mosquitto's dynsec admin role (the one `mosquitto_ctrl dynsec init` creates).
/// </summary>
public sealed class DynamicSecurityClient : IAsyncDisposable
{
    public const string RequestTopic = "$CONTROL/dynamic-security/v1";
    public const string ResponseTopic = RequestTopic + "/response";

    private readonly IMqttClient _client;
    private readonly string _endpoint;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new();

    private DynamicSecurityClient(IMqttClient client, string endpoint)
    {
        _client = client;
        _endpoint = endpoint;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            OnResponse(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>How long one command may wait for Mosquitto's answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public static async Task<DynamicSecurityClient> ConnectAsync(string host, int port, InternalCredential admin, string clientId, CancellationToken ct)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        var dynsec = new DynamicSecurityClient(client, $"{host}:{port}");
        MqttClientOptions options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithCredentials(admin.Username, admin.Password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build();
        MqttClientConnectResult result;
        try
        {
            result = await client.ConnectAsync(options, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MQTTnet.Adapter.MqttConnectingFailedException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            client.Dispose();
            throw new InvalidOperationException($"cannot reach Mosquitto at {host}:{port} for dynamic security: {ex.Message}. fix: start Mosquitto, or correct {FleetBrokerOptions.Section}:Host/Port", ex);
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new InvalidOperationException($"Mosquitto at {host}:{port} refused the fleet server's admin login '{admin.Username}': {result.ResultCode}. "
                + $"fix: set {FleetBrokerOptions.Section}:InternalUsername/InternalPassword to a dynsec client with the admin role (mosquitto_ctrl dynsec init FILE USER)");
        }

        await client.SubscribeAsync(ResponseTopic, MqttQualityOfServiceLevel.AtLeastOnce, ct).ConfigureAwait(false);
        return dynsec;
    }

    /// <summary>
    /// Sends one command ({"command":"createClient",...}) and returns Mosquitto's error text, or null on success.
    /// </summary>
    public async Task<string?> SendAsync(JsonObject command, CancellationToken ct) => (await QueryAsync(command, ct).ConfigureAwait(false))["error"]?.GetValue<string>();

    /// <summary>Sends one command and returns Mosquitto's whole response object (getClient, listRoles ...).</summary>
    public async Task<JsonObject> QueryAsync(JsonObject command, CancellationToken ct)
    {
        string correlation = Guid.NewGuid().ToString("N");
        command["correlationData"] = correlation;
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[correlation] = answer;
        try
        {
            byte[] payload = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["commands"] = new JsonArray(command) });
            await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(RequestTopic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct).ConfigureAwait(false);
            try
            {
                return await answer.Task.WaitAsync(Timeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Mosquitto at {_endpoint} did not answer dynamic security command '{command["command"]}' within {Timeout.TotalSeconds} s. "
                    + "fix: check that mosquitto loads mosquitto_dynamic_security.so on this listener");
            }
        }
        finally
        {
            _pending.TryRemove(correlation, out _);
        }
    }

    /// <summary>
    /// Sends several commands in one request ({"commands":[...]}: one message and one answer instead of one round trip
    /// each) and returns each command's error text, or null for success, in order.
    /// </summary>
    public async Task<string?[]> SendManyAsync(IReadOnlyList<JsonObject> commands, CancellationToken ct)
    {
        var ids = new string[commands.Count];
        var answers = new Task<JsonObject>[commands.Count];
        var array = new JsonArray();
        try
        {
            for (int i = 0; i < commands.Count; i++)
            {
                ids[i] = Guid.NewGuid().ToString("N");
                commands[i]["correlationData"] = ids[i];
                var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending[ids[i]] = answer;
                answers[i] = answer.Task;
                array.Add(commands[i]);
            }

            byte[] payload = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["commands"] = array });
            await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(RequestTopic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct).ConfigureAwait(false);

            // Mosquitto works through a request command by command: allow the usual time per command.
            TimeSpan limit = Timeout * Math.Max(1, commands.Count / 10);
            try
            {
                JsonObject[] responses = await Task.WhenAll(answers).WaitAsync(limit, ct).ConfigureAwait(false);
                return [.. responses.Select(r => r["error"]?.GetValue<string>())];
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Mosquitto at {_endpoint} did not answer {commands.Count} dynamic security command(s) within {limit.TotalSeconds} s. "
                    + "fix: check that mosquitto loads mosquitto_dynamic_security.so on this listener");
            }
        }
        finally
        {
            foreach (string? id in ids)
            {
                if (id is not null)
                {
                    _pending.TryRemove(id, out _);
                }
            }
        }
    }

    /// <summary>Like <see cref="SendAsync"/>, but a failure throws with the command and Mosquitto's reason.</summary>
    public async Task RunAsync(JsonObject command, CancellationToken ct)
    {
        string name = command["command"]!.GetValue<string>();
        if (await SendAsync(command, ct).ConfigureAwait(false) is string error)
        {
            throw new InvalidOperationException($"Mosquitto dynamic security '{name}' failed: {error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync().ConfigureAwait(false);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The broker is already gone (it stops with the same host).
            }
        }

        _client.Dispose();
    }

    private void OnResponse(byte[] payload)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return;
        }

        if (root?["responses"] is not JsonArray responses)
        {
            return;
        }

        foreach (JsonNode? response in responses)
        {
            if (response is JsonObject item && item["correlationData"]?.GetValue<string>() is string id && _pending.TryGetValue(id, out TaskCompletionSource<JsonObject>? waiter))
            {
                waiter.TrySetResult(item);
            }
        }
    }
}
