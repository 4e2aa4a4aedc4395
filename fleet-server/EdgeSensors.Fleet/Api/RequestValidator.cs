using EdgeSensors.Fleet.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSensors.Fleet.Api;

/// <summary>Collects field errors of one request; <see cref="Problem"/> is null when the request is valid.</summary>
public sealed class RequestValidator
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public RequestValidator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    /// <summary>A required display name: not blank, no surrounding spaces, at most <see cref="Limits.Name"/> characters.</summary>
    public RequestValidator Name(string field, string? value, int maxLength = Limits.Name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "Required: a non-blank name.");
        }

        if (value.Trim().Length != value.Length)
        {
            Add(field, "Must not start or end with spaces.");
        }

        return MaxLength(field, value, maxLength);
    }

    public RequestValidator MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters (this one has {value.Length}).");
        }

        return this;
    }

    public RequestValidator Check(bool ok, string field, string message) => ok ? this : Add(field, message);

    public ProblemHttpResult? Problem =>
        IsValid ? null : ApiProblems.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
