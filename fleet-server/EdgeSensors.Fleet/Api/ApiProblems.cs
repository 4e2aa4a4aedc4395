using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSensors.Fleet.Api;

/// <summary>The problems handlers return; every one names the item and says how to fix the request.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what, Guid id) =>
        TypedResults.Problem(statusCode: 404, title: $"No such {what}.",
            detail: $"There is no {what} with id {id} in your tenant; list them with GET to find the right id.");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: 409, title: title, detail: detail);

    /// <summary>422: the JSON was well-formed but a field's value is not acceptable; errors are keyed by field path.</summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "One or more fields are not valid.",
            Detail = "See errors: each key is the field path, each message says what is accepted.",
        });

    public static ProblemHttpResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
