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
            DbUpdateConcurrencyException => (409, "The resource was changed by someone else.", "Read it again and retry the change."),
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

    private static string Describe(JsonException json) =>
        json.Path is { Length: > 0 } path ? $"At '{path}': {json.Message}" : json.Message;

    private static string Title(int status) => status switch
    {
        413 => "The request body is too large.",
        415 => "The request body must be application/json.",
        _ => "The request is not valid.",
    };
}
