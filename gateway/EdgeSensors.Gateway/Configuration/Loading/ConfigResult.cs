using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>Either a complete, validated <see cref="SiteConfig"/> or every error found, never both and never a partial config.</summary>
public sealed class ConfigResult
{
    private ConfigResult(SiteConfig? config, ImmutableArray<YamlError> errors)
    {
        Config = config;
        Errors = errors;
    }

    public SiteConfig? Config { get; }

    /// <summary>Every problem, ordered by line and column; empty when valid.</summary>
    public ImmutableArray<YamlError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool IsValid => Config is not null;

    internal static ConfigResult Valid(SiteConfig config) => new(config, []);

    internal static ConfigResult Invalid(IEnumerable<YamlError> errors) =>
        new(null, [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
}
