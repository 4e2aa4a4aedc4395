namespace EdgeSensors.Yaml;

/// <summary>"did you mean" suggestions for misspelt keys, enum values and names.</summary>
public static class KeyHints
{
    public static string? Closest(string given, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // More than a third of the word changed is a different word, not a typo.
        return bestDistance <= Math.Max(2, given.Length / 3) ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or empty.</summary>
    public static string Suffix(string given, IEnumerable<string> candidates)
    {
        string? hint = Closest(given, candidates);
        return hint is null ? string.Empty : $" (did you mean '{hint}'?)";
    }

    private static int Distance(string a, string b)
    {
        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
