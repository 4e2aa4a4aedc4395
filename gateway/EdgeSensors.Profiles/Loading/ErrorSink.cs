using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Profiles.Loading;

/// <summary>Collects errors for one file, turning YAML node positions into line:column.</summary>
internal sealed class ErrorSink(string file)
{
    private readonly List<ProfileError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<ProfileError> Errors => _errors;

    public void Add(YamlNode? node, string key, string message)
    {
        Mark? start = node?.Start;
        Add(start, key, message);
    }

    public void Add(Mark? start, string key, string message)
    {
        int line = start is null ? 0 : (int)start.Value.Line;
        int column = start is null ? 0 : (int)start.Value.Column;
        _errors.Add(new ProfileError(File, line, column, key, message));
    }
}
