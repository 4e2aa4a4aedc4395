using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeSensors.Fleet.Tests.Infrastructure;

/// <summary>Small HTTP helpers: send JSON, read JSON, assert a problem response.</summary>
public static class Http
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Sends, asserts the status (with the body in the message) and returns the JSON body.</summary>
    public static async Task<JsonElement> SendOkAsync(this HttpClient client, HttpMethod method, string url, object? body, HttpStatusCode expected,
        string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> PostOkAsync(this HttpClient client, string url, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        client.SendOkAsync(HttpMethod.Post, url, body, expected);

    public static Task<JsonElement> GetOkAsync(this HttpClient client, string url) =>
        client.SendOkAsync(HttpMethod.Get, url, null, HttpStatusCode.OK);

    /// <summary>Asserts an application/problem+json answer with <paramref name="status"/>; returns the problem.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>PUT with If-Match: the row version the caller read (its "version" field, the ETag of its GET).</summary>
    public static Task<JsonElement> PutOkAsync(this HttpClient client, string url, object body, int version) =>
        client.SendOkAsync(HttpMethod.Put, url, body, HttpStatusCode.OK, $"\"{version}\"");

    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();
}
