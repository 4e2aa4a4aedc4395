namespace EdgeSensors.Yaml;

/// <summary>
/// One problem in a YAML file: where it is (1-based line and column; 0 when the whole file is meant), which key,
/// what is wrong and, when it is said separately, how to fix it.
/// </summary>
public sealed record YamlError(string File, int Line, int Column, string Key, string Message, string? Fix = null)
{
    /// <summary>"site.yaml:12:5: devices[2].unit_id: 300 is out of range. fix: use 1 to 247".</summary>
    public override string ToString()
    {
        string where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        string text = string.IsNullOrEmpty(Key) ? $"{where}: {Message}" : $"{where}: {Key}: {Message}";
        return Fix is null ? text : $"{text}. fix: {Fix}";
    }
}
