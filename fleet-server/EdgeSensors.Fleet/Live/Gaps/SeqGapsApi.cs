using System.Globalization;
using EdgeSensors.Fleet.Api;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Live.Gaps;

/// <summary>A run of seqs not received, both ends included (seqs as decimal strings: they may exceed 2^53).</summary>
public sealed record SeqGapView(string From, string To, long Count);

/// <summary>
/// What the server has received from a device, over telemetry and alarms (one seq space): the lowest and highest seq
/// (null before anything arrived), how many seqs in between arrived and how many did not, and the missing runs, newest
/// first (at most <c>limit</c>; <c>gapCount</c> counts them all). A backfill fills its hole when it arrives.
/// </summary>
public sealed record SeqGapsView(Guid DeviceId, string? FirstSeq, string? LastSeq, long Received, long Missing, int GapCount, IReadOnlyList<SeqGapView> Gaps,
    DateTime? UpdatedAt);

/// <summary>GET /api/devices/{id}/seq-gaps: the device's sequence gaps (Live/Gaps).</summary>
public static class SeqGapsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapSeqGapsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/devices/{deviceId:guid}/seq-gaps", Gaps).WithTags("Live").RequireAuthorization(Permissions.LiveRead)
            .WithSummary("Which seqs the server has not received from the device (telemetry and alarms share one seq space).")
            .WithDescription("Missing runs between the lowest and the highest seq received, newest first; limit 1-1000 (default 100). A backfill fills its hole.");
        return api;
    }

    public static async Task<Results<Ok<SeqGapsView>, ProblemHttpResult>> Gaps(Guid deviceId, int? limit, FleetDbContext db, CancellationToken ct)
    {
        if (new RequestValidator().Check(limit is null or (>= 1 and <= MaxLimit), "limit", $"Between 1 and {MaxLimit} gaps (default {DefaultLimit}).").Problem is { } invalid)
        {
            return invalid;
        }

        if (!await db.Devices.AnyAsync(d => d.Id == deviceId, ct))
        {
            return ApiProblems.NotFound("device", deviceId);
        }

        var row = await db.Set<SeqCoverageRow>().AsNoTracking().FirstOrDefaultAsync(c => c.DeviceId == deviceId, ct);
        List<SeqRange> ranges = row is null ? [] : SeqRanges.Parse(row.Ranges);
        if (ranges.Count == 0)
        {
            return TypedResults.Ok(new SeqGapsView(deviceId, null, null, 0, 0, 0, [], row?.UpdatedAt));
        }

        List<SeqRange> gaps = [.. SeqRanges.Gaps(ranges)];
        return TypedResults.Ok(new SeqGapsView(deviceId, Text(ranges[0].First), Text(ranges[^1].Last), ranges.Sum(r => r.Count), gaps.Sum(g => g.Count), gaps.Count,
            [.. gaps.Take(limit ?? DefaultLimit).Select(g => new SeqGapView(Text(g.First), Text(g.Last), g.Count))], row!.UpdatedAt));
    }

    private static string Text(long seq) => seq.ToString(CultureInfo.InvariantCulture);
}
