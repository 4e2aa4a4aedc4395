using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSensors.Fleet.Api;

/// <summary>
/// Optimistic concurrency over HTTP: a row's version is its ETag ("3"); a change sends it back in If-Match. Missing:
/// 428; another version: 412 naming the resource and its current version. The row's version is also an EF Core
/// concurrency token, so two changes that pass this check at the same moment still cannot both be saved (the loser
/// gets 412 from <see cref="ProblemExceptionHandler"/>).
/// </summary>
public static class Concurrency
{
    /// <summary>The ETag of <paramref name="version"/>: a quoted decimal.</summary>
    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Sets the ETag response header to <paramref name="version"/>.</summary>
    public static void SetETag(HttpContext http, int version) => http.Response.Headers.ETag = ETag(version);

    /// <summary>True when the request carries If-Match (a change that asked for the concurrency check).</summary>
    public static bool HasIfMatch(HttpContext http) => http.Request.Headers.IfMatch.Count > 0;

    /// <summary>Null when If-Match names <paramref name="current"/>; else the 428 or 412 problem for "<paramref name="what"/> <paramref name="id"/>".</summary>
    public static ProblemHttpResult? Check(HttpContext http, string what, object id, int current)
    {
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.",
                detail: $"Changing {what} {id} needs the version you read: send If-Match: {ETag(current)} with the ETag of your GET (the 'version' field), so a change made since is not overwritten.");
        }

        if (!TryParse(header, out int sent))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match must name one version.",
                detail: $"If-Match '{header}' is not an ETag of {what} {id}; send the ETag of your GET, e.g. If-Match: {ETag(current)} ('*' is not accepted).");
        }

        return sent == current ? null : Stale(what, id, current, sent);
    }

    /// <summary>412: <paramref name="what"/> changed since the caller read it.</summary>
    public static ProblemHttpResult Stale(string what, object id, int current, int sent) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: $"The {what} was changed by someone else.",
            detail: $"{what} {id} is at version {current}, you sent If-Match {ETag(sent)}; GET it again, redo your change on version {current} and send If-Match: {ETag(current)}.");

    private static bool TryParse(string header, out int version)
    {
        var text = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        text = text.Trim('"');
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
