using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Gateway.Enrolment;

namespace EdgeSensors.Cli.Enrolment;

/// <summary>
/// POST {server}/api/enrol for this gateway, and every way it can go wrong turned into one line that names the server
/// and says what to do (the wire contract is docs/enrolment.md).
/// </summary>
public static class FleetEnrolmentClient
{
    public sealed record Request(string Token, string Kind, string? RequestedId, string? SerialNumber, string? HardwareVersion, string? FirmwareVersion, string? SoftwareVersion);

    /// <summary>The identity, or an exit code and its one-line cause.</summary>
    public static async Task<(EnrolledIdentity? Identity, int ExitCode, string? Error)> EnrolAsync(Uri server, Request request, TimeSpan timeout, CancellationToken ct)
    {
        var endpoint = new Uri(server, "api/enrol");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(endpoint, request, JsonSerializerOptions.Web, deadline.Token);
        }
        catch (HttpRequestException ex)
        {
            return Fail(ExitCodes.TransportError, $"cannot reach the fleet server at {server}: {ex.Message}. fix: check the URL (scheme, host and port, e.g. http://fleet.example.com:5180), "
                + $"that the server runs (curl {new Uri(server, "healthz")}), and this gateway's network, DNS and proxy");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Fail(ExitCodes.Timeout, $"the fleet server at {server} did not answer within {timeout.TotalSeconds:0} s. fix: check the network path to it, or raise --timeout");
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                return Parse(server, body);
            }

            return Refused(server, response.StatusCode, response.Headers.RetryAfter?.Delta, body);
        }
    }

    private static (EnrolledIdentity?, int, string?) Parse(Uri server, string body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            JsonElement mqtt = root.GetProperty("mqtt");
            return (new EnrolledIdentity
            {
                Server = server.ToString(),
                DeviceId = root.GetProperty("deviceId").GetString()!,
                RegistryId = root.GetProperty("registryId").GetGuid(),
                SiteId = root.GetProperty("siteId").GetGuid(),
                Generation = root.GetProperty("generation").GetInt32(),
                EnrolledAt = DateTimeOffset.UtcNow,
                Broker = mqtt.GetProperty("broker").GetString()!,
                Username = mqtt.GetProperty("username").GetString()!,
                Password = mqtt.GetProperty("password").GetString()!,
                ClientId = mqtt.GetProperty("clientId").GetString()!,
                TopicPrefix = mqtt.GetProperty("topicPrefix").GetString()!,
                ConfigKey = root.GetProperty("configKey").GetString()!,
            }, ExitCodes.Success, null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return Fail(ExitCodes.InternalError, $"the fleet server at {server} accepted the enrolment but its answer is not the expected document ({ex.Message}); nothing was stored. "
                + "fix: check that the server and this gateway run matching versions");
        }
    }

    private static (EnrolledIdentity?, int, string?) Refused(Uri server, HttpStatusCode status, TimeSpan? retryAfter, string body)
    {
        (string? title, string? detail, string? errors) = Problem(body);
        int code = (int)status;
        if (title is null)
        {
            return Fail(ExitCodes.TransportError, $"{server} answered HTTP {code} to POST /api/enrol and is not an EdgeSensors fleet server there. "
                + "fix: give the fleet server's base URL, e.g. --server http://fleet.example.com:5180");
        }

        string reason = $"{title} {detail}{(errors is null ? string.Empty : " " + errors)}".Trim();
        return status switch
        {
            HttpStatusCode.TooManyRequests => Fail(ExitCodes.EnrolmentRefused, $"the fleet server at {server} refused: too many enrolment attempts; retry in {retryAfter?.TotalSeconds ?? 60:0} s"),
            HttpStatusCode.BadRequest => Fail(ExitCodes.Usage, $"the fleet server at {server} refused the request: {reason}"),
            >= HttpStatusCode.InternalServerError => Fail(ExitCodes.TransportError, $"the fleet server at {server} failed (HTTP {code}): {reason}. fix: retry later; its log has the cause"),
            _ => Fail(ExitCodes.EnrolmentRefused, $"enrolment refused by {server} (HTTP {code}): {reason}"),
        };
    }

    private static (string? Title, string? Detail, string? Errors) Problem(string body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("title", out JsonElement title))
            {
                return (null, null, null);
            }

            string? detail = root.TryGetProperty("detail", out JsonElement d) ? d.GetString() : null;
            string? errors = root.TryGetProperty("errors", out JsonElement e) && e.ValueKind == JsonValueKind.Object
                ? string.Join("; ", e.EnumerateObject().Select(f => f.Name + ": " + string.Join(" ", f.Value.EnumerateArray().Select(m => m.GetString()))))
                : null;
            return (title.GetString(), detail, errors);
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static (EnrolledIdentity?, int, string?) Fail(int code, string error) => (null, code, error);
}
