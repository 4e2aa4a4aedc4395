using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Yaml;

/// <summary>Collects errors for one file, turning YAML node positions into line:column.</summary>
public sealed class ErrorSink(string file)
{
    private readonly List<YamlError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<YamlError> Errors => _errors;

    public void Add(YamlNode? node, string key, string message, string? fix = null)
    {
        Mark? start = node?.Start;
        Add(start, key, message, fix);
    }

    public void Add(Mark? start, string key, string message, string? fix = null)
    {
        int line = start is null ? 0 : (int)start.Value.Line;
        int column = start is null ? 0 : (int)start.Value.Column;
        _errors.Add(new YamlError(File, line, column, key, message, fix));
    }
}
