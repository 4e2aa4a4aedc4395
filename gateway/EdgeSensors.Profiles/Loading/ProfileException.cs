using EdgeSensors.Yaml;
namespace EdgeSensors.Profiles.Loading;

/// <summary>A profile (or a directory of them) failed to load; <see cref="Errors"/> lists every problem found, not just the first.</summary>
public sealed class ProfileException : Exception
{
    public ProfileException(IReadOnlyList<YamlError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<YamlError> Errors { get; }

    private static string Format(IReadOnlyList<YamlError> errors)
    {
        string noun = errors.Count == 1 ? "error" : "errors";
        return $"{errors.Count} profile {noun}:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
    }
}
