using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeSensors.Fleet.ApiLoad;

/// <summary>
/// Signs in, seeds, then sends the request mix open-loop: request i is due at start + i / rate and is sent then,
/// whether or not earlier ones have answered; its latency is counted from its due time, so a server (or a client)
/// that falls behind shows up as queueing in the percentiles instead of as a lower rate.
/// </summary>
public static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = options.Url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        using (var signIn = await http.PostAsJsonAsync("/api/auth/sign-in", new { userName = options.User, password = options.Password }))
        {
            string text = await signIn.Content.ReadAsStringAsync();
            if (!signIn.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"sign-in as {options.User} failed: {(int)signIn.StatusCode} {text}");
                return 1;
            }

            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(text).RootElement.GetProperty("token").GetString());
        }

        var seedClock = Stopwatch.StartNew();
        string? body = options.ConfigPath is null ? null : await File.ReadAllTextAsync(options.ConfigPath);
        var seeded = await FleetSeed.CreateAsync(http, options.Devices, body);
        Console.WriteLine($"seeded {seeded.Sites.Count} sites, {seeded.Sites.Count * 4} tanks, {seeded.Devices.Count} devices, {seeded.Devices.Count * 2} tags, "
            + $"{(body is null ? 0 : seeded.Devices.Count)} config revisions in {seedClock.Elapsed.TotalSeconds:F1} s");

        var mix = new RequestMix(seeded);
        await RunPhaseAsync(http, mix, options.Rate, options.Warmup); // warm-up: JIT, connection pool, caches; discarded
        var samples = await RunPhaseAsync(http, mix, options.Rate, options.Seconds);
        Report(samples, options);
        return 0;
    }

    private sealed record Sample(string Kind, double LatencyMs, int Status);

    private static async Task<List<Sample>> RunPhaseAsync(HttpClient http, RequestMix mix, double rate, int seconds)
    {
        int total = (int)(rate * seconds);
        var inFlight = new List<Task<Sample>>(total);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < total; i++)
        {
            double due = i * 1000.0 / rate;
            double wait = due - clock.Elapsed.TotalMilliseconds;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            var (kind, url) = mix.Next();
            inFlight.Add(SendAsync(http, kind, url, due, clock));
        }

        return [.. await Task.WhenAll(inFlight)];
    }

    private static async Task<Sample> SendAsync(HttpClient http, string kind, string url, double dueMs, Stopwatch clock)
    {
        int status;
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            status = 0;
        }

        return new Sample(kind, clock.Elapsed.TotalMilliseconds - dueMs, status);
    }

    private static void Report(List<Sample> samples, LoadOptions options)
    {
        var ok = samples.Where(s => s.Status is >= 200 and < 300).ToList();
        int errors = samples.Count - ok.Count;
        Console.WriteLine($"open loop: {options.Rate.ToString(CultureInfo.InvariantCulture)} requests/s for {options.Seconds} s ({samples.Count} requests, {errors} errors)");
        Console.WriteLine($"{"kind",-16} {"count",6} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var group in samples.GroupBy(s => s.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Append(null))
        {
            var list = group?.ToList() ?? samples;
            var latencies = list.Select(s => s.LatencyMs).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{group?.Key ?? "all",-16} {latencies.Length,6} {Percentile(latencies, 50),8:F1} {Percentile(latencies, 90),8:F1} {Percentile(latencies, 99),8:F1} {latencies[^1],8:F1}"));
        }

        var all = samples.Select(s => s.LatencyMs).Order().ToArray();
        double p99 = Percentile(all, 99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p99_ms={p99:F1} errors={errors} target=50 verdict={(p99 < 50 && errors == 0 ? "met" : "NOT met")}"));
        foreach (var failure in samples.Where(s => s.Status is < 200 or >= 300).GroupBy(s => (s.Kind, s.Status)).Take(5))
        {
            Console.WriteLine($"errors: {failure.Count()} x {failure.Key.Kind} -> {failure.Key.Status}");
        }
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
