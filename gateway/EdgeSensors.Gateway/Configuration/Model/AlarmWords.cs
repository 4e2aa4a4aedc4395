using EdgeSensors.Alarms;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>How the site config names the alarm kinds: hh, h, l, ll, rate, fault.</summary>
public static class AlarmWords
{
    private static readonly string[] Words = ["hh", "h", "l", "ll", "rate", "fault"];

    public static IReadOnlyList<string> All => Words;

    public static string Word(AlarmKind kind) => Words[(int)kind];

    public static AlarmKind? Parse(string word)
    {
        int index = Array.IndexOf(Words, word);
        return index < 0 ? null : (AlarmKind)index;
    }
}
