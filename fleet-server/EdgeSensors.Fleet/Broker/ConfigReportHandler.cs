using System.Threading.Channels;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Identity;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Takes {prefix}/{id}/config/reported off the consumer: parses it (a malformed report is logged with the device and
/// the member at fault, and dropped) and queues it for <see cref="ConfigReportWriter"/>, so the consumer is not held
/// up by a database write per report when thousands of devices answer a rollout at once.
/// </summary>
internal sealed class ConfigReportHandler(ConfigReportWriter writer, ILogger<ConfigReportHandler> log) : IDeviceMessageHandler
{
    public const string Kind = "config/reported";

    public Task HandleAsync(DeviceMessage message, CancellationToken ct)
    {
        if (message.Kind != Kind)
        {
            return Task.CompletedTask;
        }

        ConfigReport? report = ConfigReport.TryParse(message.Payload, out string? error);
        if (report is null)
        {
            log.LogWarning("config report of {Device} ignored: {Error}", message.DeviceId, error);
            return Task.CompletedTask;
        }

        return writer.EnqueueAsync(message.DeviceId, report, ct).AsTask();
    }
}

/// <summary>
/// Records queued config reports into device_config_states (reported revision, sha256, status, reason, time), in
/// batches of up to <see cref="BatchSize"/>: one query for the devices, one for their states, one transaction. The drift
/// view and the rollout engine read what it wrote. Reports of an id no enrolled device has are logged and dropped.
/// </summary>
internal sealed class ConfigReportWriter(IServiceScopeFactory scopes, TimeProvider time, ILogger<ConfigReportWriter> log) : BackgroundService
{
    public const int BatchSize = 1000;

    private readonly Channel<(string Device, ConfigReport Report)> _queue = Channel.CreateBounded<(string, ConfigReport)>(
        new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ValueTask EnqueueAsync(string deviceId, ConfigReport report, CancellationToken ct) => _queue.Writer.WriteAsync((deviceId, report), ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(string Device, ConfigReport Report)>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    await WriteAsync(batch, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Reports are retained on the broker and sent again by the device on its next change; a lost batch is logged.
                    log.LogError(ex, "recording {Count} config report(s) failed", batch.Count);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task WriteAsync(List<(string Device, ConfigReport Report)> batch, CancellationToken ct)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().EnterSystemScope();
        FleetDbContext db = scope.ServiceProvider.GetRequiredService<FleetDbContext>();
        var names = batch.Select(b => b.Device).Distinct(StringComparer.Ordinal).ToList();
        var devices = await db.Set<DeviceCredential>().AsNoTracking().Where(c => names.Contains(c.Username))
            .ToDictionaryAsync(c => c.Username, c => (c.DeviceId, c.TenantId), StringComparer.Ordinal, ct);
        var ids = devices.Values.Select(d => d.DeviceId).ToList();
        var states = await db.Set<DeviceConfigStateRow>().Where(s => ids.Contains(s.DeviceId)).ToDictionaryAsync(s => s.DeviceId, ct);
        DateTime now = time.UtcNow();
        foreach ((string name, ConfigReport report) in batch)
        {
            if (!devices.TryGetValue(name, out var device))
            {
                log.LogWarning("config report of {Device} ignored: no enrolled device has that id", name);
                continue;
            }

            if (!states.TryGetValue(device.DeviceId, out DeviceConfigStateRow? state))
            {
                state = new DeviceConfigStateRow { DeviceId = device.DeviceId, TenantId = device.TenantId };
                db.Add(state);
                states[device.DeviceId] = state;
            }

            Configs.Api.ConfigDelivery.Record(state, report, now);
        }

        await db.SaveChangesAsync(ct);
        log.LogDebug("recorded {Count} config report(s) of {Devices} device(s) in {Ms:0} ms", batch.Count, devices.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
