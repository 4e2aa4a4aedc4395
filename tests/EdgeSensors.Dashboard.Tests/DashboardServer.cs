using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Broker.Embedded;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Dashboard.Tests;

/// <summary>
/// A fleet server listening on a free loopback port (Kestrel, SQLite in a temp folder, the embedded MQTT broker on a
/// free port), with the bootstrap admin's password chosen here so the browser can sign in as that admin.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "dashboard-admin-0123";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "edgesensors-dashboard-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;

    public string BaseUrl { get; private set; } = "";

    public int BrokerPort => Factory.Services.GetRequiredService<EmbeddedFleetBroker>().Port;

    private WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("The server did not start.");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var settings = new Dictionary<string, string>
        {
            ["Fleet:Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Fleet"] = $"Data Source={Path.Combine(_folder, "fleet.db")}",
            ["Fleet:Auth:BootstrapAdminPassword"] = AdminPassword,
            ["Fleet:Broker:Port"] = "0",
            ["Fleet:Broker:BindAddress"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Urls"] = "http://127.0.0.1:0",
        };
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return Task.CompletedTask;
    }

    /// <summary>An HTTP client of the real listener (not the in-memory test server), optionally signed in.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<string> SignInAsync(string user, string password)
    {
        using HttpClient client = Client();
        using HttpResponseMessage response = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = user, password });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"sign-in of {user}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            _factory = null;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }
}
