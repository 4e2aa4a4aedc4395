using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Profiles.Loading;

/// <summary>Profile vocabulary for messages and tools (the words used in profile.yaml).</summary>
public static class ProfileText
{
    /// <summary>"holding", "input", "coil" or "discrete".</summary>
    public static string TableWord(RegisterTable table) => Vocabulary.TableWord(table);
}
