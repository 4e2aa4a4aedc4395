using System.Text;

namespace EdgeSensors.Portable.Tests.Fuzzing;

/// <summary>Counts outcomes per mutation, so a fuzz test can prove each kind of damage was really seen.</summary>
internal sealed class StatusTally<TOutcome>
    where TOutcome : struct, Enum
{
    private readonly Dictionary<(Mutation Mutation, TOutcome Outcome), int> _counts = [];

    public void Add(Mutation mutation, TOutcome outcome)
    {
        _counts[(mutation, outcome)] = Count(mutation, outcome) + 1;
    }

    public int Count(Mutation mutation, TOutcome outcome)
    {
        return _counts.TryGetValue((mutation, outcome), out int count) ? count : 0;
    }

    /// <summary>Fails unless <paramref name="mutation"/> produced <paramref name="outcome"/> at least once.</summary>
    public void AssertHit(Mutation mutation, TOutcome outcome)
    {
        Assert.True(Count(mutation, outcome) > 0, mutation + " never produced " + outcome + ". Seen:\n" + this);
    }

    /// <summary>Fails if <paramref name="mutation"/> produced anything outside <paramref name="allowed"/>.</summary>
    public void AssertOnly(Mutation mutation, params TOutcome[] allowed)
    {
        foreach (KeyValuePair<(Mutation Mutation, TOutcome Outcome), int> entry in _counts)
        {
            if (entry.Key.Mutation == mutation)
            {
                Assert.True(allowed.Contains(entry.Key.Outcome), mutation + " produced " + entry.Key.Outcome + " " + entry.Value + " times. Seen:\n" + this);
            }
        }
    }

    /// <summary>For damage that has exactly one right answer: it was seen, and nothing else was.</summary>
    public void AssertAlways(Mutation mutation, TOutcome outcome)
    {
        AssertHit(mutation, outcome);
        AssertOnly(mutation, outcome);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (KeyValuePair<(Mutation Mutation, TOutcome Outcome), int> entry in _counts.OrderBy(e => e.Key.Mutation).ThenBy(e => e.Key.Outcome))
        {
            text.Append(entry.Key.Mutation).Append(" -> ").Append(entry.Key.Outcome).Append(": ").Append(entry.Value).Append('\n');
        }

        return text.ToString();
    }
}
