using EdgeSensors.Fleet.Api;

namespace EdgeSensors.Fleet.Registry;

/// <summary>
/// The filters every registry list accepts: <c>q</c> (text in the name, case-insensitive), <c>label</c> (selector
/// "k=v,k2"), <c>limit</c> (1-1000, default 100) and <c>offset</c>.
/// </summary>
public sealed class ListQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public string? Q { get; set; }
    public string? Label { get; set; }
    public int? Limit { get; set; }
    public int? Offset { get; set; }

    public int Take() => Limit ?? DefaultLimit;
    public int Skip() => Offset ?? 0;

    /// <summary>The lower-cased search text, or null.</summary>
    public string? Text() => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim().ToLowerInvariant();

    /// <summary>Checks the filters and returns the parsed label selector.</summary>
    public List<(string Key, string? Value)> Validate(RequestValidator validator)
    {
        validator.Check(Take() is >= 1 and <= MaxLimit, "limit", $"Between 1 and {MaxLimit}.");
        validator.Check(Skip() >= 0, "offset", "Zero or more.");
        validator.MaxLength("q", Q, 200);
        if (!Labels.TryParseSelector(Label, out var terms, out var error))
        {
            validator.Add("label", error!);
        }

        return terms;
    }
}
