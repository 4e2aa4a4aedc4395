namespace EdgeSensors.Profiles.Loading;

/// <summary>One problem in a profile file: where it is, which key, what is wrong and how to fix it.</summary>
public sealed record ProfileError(string File, int Line, int Column, string Key, string Message)
{
    /// <summary>"path/profile.yaml:12:5: tags[2].word_order: unknown word_order 'ABDC': use ABCD, CDAB, BADC or DCBA".</summary>
    public override string ToString()
    {
        string where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return string.IsNullOrEmpty(Key) ? $"{where}: {Message}" : $"{where}: {Key}: {Message}";
    }
}
