using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Api;

/// <summary>
/// Turns the exceptions a client can cause into 4xx problems: bad JSON, wrong types and unknown fields (400), a body
/// over the limit (413), a write that collides with a unique name or a concurrent change (409). Anything else is a
/// 500 problem without internals.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, "The request body is not valid JSON for this endpoint.", Describe(json)),
            BadHttpRequestException bad => (bad.StatusCode, Title(bad.StatusCode), bad.Message),
            JsonException json => (400, "The request body is not valid JSON for this endpoint.", Describe(json)),
            DbUpdateConcurrencyException concurrency => Concurrent(context, concurrency),
            DbUpdateException => (409, "The change conflicts with existing data.",
                "A name is already used at this level, or a referenced item is missing or still referenced."),
            _ => (500, "The server failed to handle the request.", "See the server log for the error; the request id is in traceId."),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>
    /// A row changed between this request's read and its write: 412 when the caller sent If-Match (the version it named
    /// is gone), else 409. The detail names the resource (table and key) so the client knows what to re-read.
    /// </summary>
    private static (int, string, string) Concurrent(HttpContext context, DbUpdateConcurrencyException exception)
    {
        var names = exception.Entries.Select(e =>
        {
            var key = e.Metadata.FindPrimaryKey()?.Properties.Select(p => e.Property(p.Name).CurrentValue?.ToString()).FirstOrDefault();
            return $"{e.Metadata.GetTableName() ?? e.Metadata.ClrType.Name} {key}";
        });
        var what = string.Join(", ", names);
        return Concurrency.HasIfMatch(context)
            ? (412, "The resource was changed by someone else.", $"{what} changed while your request ran; GET it again and resend with its new ETag in If-Match.")
            : (409, "The resource was changed by someone else.", $"{what} changed while your request ran; read it again and retry the change.");
    }

    private static string Describe(JsonException json) =>
        json.Path is { Length: > 0 } path ? $"At '{path}': {json.Message}" : json.Message;

    private static string Title(int status) => status switch
    {
        413 => "The request body is too large.",
        415 => "The request body must be application/json.",
        _ => "The request is not valid.",
    };
}
