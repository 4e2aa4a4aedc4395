using System.Globalization;

namespace EdgeSensors.Gateway.Configuration.Remote;

/// <summary>
/// The server revision the config file holds and its body's sha256, kept in DATA_DIR/config-revision ("N sha256") so a
/// restart still refuses replays of older revisions. Revision 0 means no server config was applied yet.
/// </summary>
public sealed record AppliedRevision(int Revision, string Sha256)
{
    public const string FileName = "config-revision";

    public static AppliedRevision None { get; } = new(0, string.Empty);

    public static AppliedRevision Load(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return None;
        }

        string[] parts = File.ReadAllText(path).Trim().Split(' ');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int revision)
            ? new AppliedRevision(revision, parts[1])
            : throw new InvalidDataException($"{path}: expected 'REVISION SHA256' on one line; delete the file to accept any revision again");
    }

    /// <summary>Writes it atomically (temporary file, flush to disk, rename).</summary>
    public void Save(string dataDirectory) =>
        AtomicFile.Write(Path.Combine(dataDirectory, FileName), System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Revision} {Sha256}\n")));
}
