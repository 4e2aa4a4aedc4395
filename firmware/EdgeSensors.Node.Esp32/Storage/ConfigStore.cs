using System;
using System.IO;

namespace EdgeSensors.Node.Esp32.Storage;

/// <summary>
/// Keeps the last applied sealed config (the envelope as received) on I:\, so a node that restarts without a broker
/// still runs its alarms with that config. It is written to a new file and then renamed over the old one, so a power
/// cut leaves either the old or the new envelope, and the envelope's own CRC and HMAC are checked again at start.
/// </summary>
public sealed class ConfigStore
{
    public const string DefaultPath = "I:\\edgesensors\\config.escfg";

    private readonly string _path;
    private readonly string _temporary;

    public ConfigStore(string path)
    {
        _path = path;
        _temporary = path + ".new";
    }

    /// <summary>The stored envelope, or null when there is none. A cut between delete and rename leaves only the new file.</summary>
    public byte[]? Load()
    {
        try
        {
            if (File.Exists(_path))
            {
                return FlashFiles.ReadAll(_path);
            }

            return File.Exists(_temporary) ? FlashFiles.ReadAll(_temporary) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Stores an applied envelope; false (and the old one kept) when flash refused it.</summary>
    public bool Save(byte[] envelope, int length)
    {
        try
        {
            if (File.Exists(_temporary))
            {
                File.Delete(_temporary);
            }

            using (var file = new FileStream(_temporary, FileMode.Create, FileAccess.Write))
            {
                file.Write(envelope, 0, length);
            }

            if (File.Exists(_path))
            {
                File.Delete(_path);
            }

            File.Move(_temporary, _path);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
