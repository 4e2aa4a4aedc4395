using System.Globalization;
using System.Text.RegularExpressions;
using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Live.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Live.History;

/// <summary>
/// One stored alarm event: the device (<c>deviceName</c> null when it has since been deleted from the registry; <c>source</c>
/// is its id on the wire), the event's kind and state, value and limit in <c>unit</c>, source <c>time</c>, seq, receive time.
/// </summary>
public sealed record AlarmEventView(Guid DeviceId, string? DeviceName, string Source, string Tag, string Kind, string State, double? Value, double? Limit,
    string Unit, bool Latched, DateTime Time, string Seq, DateTime ReceivedAt)
{
    public static AlarmEventView Of(AlarmEventRow e, string? deviceName) =>
        new(e.DeviceId, deviceName, e.Source, e.Tag, e.Kind, e.State, e.Value, e.Limit, e.Unit, e.Latched, e.EventAt, LiveState.SeqText(e.Seq), e.ReceivedAt);
}

/// <summary>A page of the history, newest event first; <c>nextCursor</c> (null on the last page) fetches the next one.</summary>
public sealed record AlarmHistoryPage(IReadOnlyList<AlarmEventView> Items, string? NextCursor);

/// <summary>GET /api/alarms/history: the tenant's stored alarm events (Live/History), newest first, paged by a cursor.</summary>
public static partial class AlarmHistoryApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapAlarmHistoryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/alarms/history", History).WithTags("Live").RequireAuthorization(Permissions.LiveRead)
            .WithSummary("Stored alarm events (raised, returned, acknowledged, cleared), newest first.")
            .WithDescription("Filters: deviceId, siteId, from (inclusive) and to (exclusive) on the event's source time, ISO 8601 in UTC "
                + "(\"2026-11-29T08:00:00Z\"). limit: 1-1000, default 100. cursor: the nextCursor of the previous page. Events are kept "
                + "Fleet:History:AlarmRetentionDays (default 90, at least 30) days.");
        return api;
    }

    public static async Task<Results<Ok<AlarmHistoryPage>, ProblemHttpResult>> History(Guid? deviceId, Guid? siteId, string? from, string? to, int? limit,
        string? cursor, FleetDbContext db, CancellationToken ct)
    {
        var check = new RequestValidator();
        DateTime? since = ParseUtc(check, "from", from);
        DateTime? until = ParseUtc(check, "to", to);
        check.Check(since is null || until is null || since < until, "to", "Must be later than from.");
        check.Check(limit is null or (>= 1 and <= MaxLimit), "limit", $"Between 1 and {MaxLimit} events (default {DefaultLimit}).");
        HistoryCursor? after = null;
        check.Check(cursor is null || HistoryCursor.TryDecode(cursor, out after), "cursor", "Not a cursor of this list: pass the nextCursor of the previous page unchanged, or leave it out for the first page.");
        if (check.Problem is { } invalid)
        {
            return invalid;
        }

        if (deviceId is { } device && !await db.Devices.AnyAsync(d => d.Id == device, ct))
        {
            return ApiProblems.NotFound("device", device);
        }

        if (siteId is { } site && !await db.Sites.AnyAsync(s => s.Id == site, ct))
        {
            return ApiProblems.NotFound("site", site);
        }

        IQueryable<AlarmEventRow> events = db.Set<AlarmEventRow>().AsNoTracking();
        if (deviceId is { } d1)
        {
            events = events.Where(e => e.DeviceId == d1);
        }

        if (siteId is { } s1)
        {
            // The device's site now; events of devices deleted from the registry have none.
            events = events.Where(e => db.Devices.Any(d => d.Id == e.DeviceId && d.SiteId == s1));
        }

        if (since is { } f)
        {
            events = events.Where(e => e.EventAt >= f);
        }

        if (until is { } t)
        {
            events = events.Where(e => e.EventAt < t);
        }

        if (after is not null)
        {
            DateTime at = after.EventAt;
            string key = after.Key;
            events = events.Where(e => e.EventAt < at || (e.EventAt == at && string.Compare(e.Key, key) < 0));
        }

        int take = limit ?? DefaultLimit;
        var rows = await events.OrderByDescending(e => e.EventAt).ThenByDescending(e => e.Key).Take(take + 1)
            .GroupJoin(db.Devices.AsNoTracking(), e => e.DeviceId, d => d.Id, (e, ds) => new { Event = e, Devices = ds })
            .SelectMany(x => x.Devices.DefaultIfEmpty(), (x, d) => new { x.Event, Name = d == null ? null : d.Name })
            .ToListAsync(ct);

        // The join does not keep the order on every provider: order again, then cut.
        var page = rows.OrderByDescending(r => r.Event.EventAt).ThenByDescending(r => r.Event.Key, StringComparer.Ordinal).ToList();
        string? next = page.Count > take ? new HistoryCursor(page[take - 1].Event.EventAt, page[take - 1].Event.Key).Encode() : null;
        return TypedResults.Ok(new AlarmHistoryPage([.. page.Take(take).Select(r => AlarmEventView.Of(r.Event, r.Name))], next));
    }

    /// <summary>An ISO 8601 time that says it is UTC ("Z" or an offset); null when absent or invalid (the error is added).</summary>
    private static DateTime? ParseUtc(RequestValidator check, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > 40 || !ExplicitZone().IsMatch(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset parsed))
        {
            check.Add(field, $"'{(value.Length > 40 ? value[..40] + "…" : value)}' is not an ISO 8601 time with its zone: write it in UTC, e.g. 2026-11-29T08:00:00Z.");
            return null;
        }

        return FleetTime.Truncate(parsed.UtcDateTime);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex ExplicitZone();
}
