using System;

namespace EdgeSensors.Alarms;

/// <summary>
/// One local output and the alarms that drive it: which tags (or <see cref="AnyTag"/>), which kinds, the
/// <see cref="OutputMode"/> and the active level. Sources are kept in arrays sized once at construction.
/// </summary>
public sealed class OutputBinding
{
    /// <summary>The tag name that means every tag of the panel.</summary>
    public const string AnyTag = "*";

    private readonly IOutputPin _pin;
    private readonly string[] _sourceTags;
    private readonly AlarmKinds[] _sourceKinds;
    private readonly int[] _sourceIndexes;
    private int _sourceCount;

    /// <param name="name">What the output is, for messages (for example "relay.cutoff-tank1").</param>
    /// <param name="pin">The pin the output is wired to.</param>
    /// <param name="mode">When the output is on: <see cref="OutputMode.WhileActive"/> for relays and beacons, <see cref="OutputMode.UntilAcknowledged"/> for buzzers.</param>
    /// <param name="activeHigh">True when the pin is driven high to switch the output on; false for an active-low driver.</param>
    /// <param name="maxSources">How many <see cref="Drive"/> entries this output may get.</param>
    public OutputBinding(string name, IOutputPin pin, OutputMode mode, bool activeHigh, int maxSources)
    {
        if (maxSources < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSources), "output '" + name + "' needs room for at least one driving alarm");
        }

        Name = name;
        _pin = pin;
        Mode = mode;
        ActiveHigh = activeHigh;
        _sourceTags = new string[maxSources];
        _sourceKinds = new AlarmKinds[maxSources];
        _sourceIndexes = new int[maxSources];
    }

    public string Name { get; }

    public OutputMode Mode { get; }

    public bool ActiveHigh { get; }

    /// <summary>Whether the output is switched on (before the active level is applied), as of the last refresh.</summary>
    public bool IsOn { get; private set; }

    public int SourceCount => _sourceCount;

    /// <summary>Makes the <paramref name="kinds"/> alarms of <paramref name="tag"/> (or of every tag, with <see cref="AnyTag"/>) drive this output.</summary>
    public void Drive(string tag, AlarmKinds kinds)
    {
        if (_sourceCount == _sourceTags.Length)
        {
            throw new InvalidOperationException("output '" + Name + "' already has " + _sourceTags.Length + " driving alarms; build it with a larger maxSources");
        }

        _sourceTags[_sourceCount] = tag;
        _sourceKinds[_sourceCount] = kinds;
        _sourceCount++;
    }

    /// <summary>Turns tag names into indexes into the panel's tags, once, when the panel is built.</summary>
    internal void Resolve(TagAlarms[] tags)
    {
        for (int s = 0; s < _sourceCount; s++)
        {
            _sourceIndexes[s] = -1;
            if (_sourceTags[s] == AnyTag)
            {
                continue;
            }

            int index = AlarmPanel.IndexOf(tags, _sourceTags[s]);
            if (index < 0)
            {
                throw new ArgumentException("output '" + Name + "' is driven by tag '" + _sourceTags[s] + "', which has no alarms configured; check the tag name in outputs[].drive or add it under alarms");
            }

            _sourceIndexes[s] = index;
        }
    }

    internal void Refresh(TagAlarms[] tags)
    {
        bool on = false;
        for (int s = 0; s < _sourceCount && !on; s++)
        {
            if (_sourceIndexes[s] < 0)
            {
                for (int t = 0; t < tags.Length && !on; t++)
                {
                    on = Drives(tags[t], _sourceKinds[s]);
                }
            }
            else
            {
                on = Drives(tags[_sourceIndexes[s]], _sourceKinds[s]);
            }
        }

        IsOn = on;
        _pin.Write(on == ActiveHigh);
    }

    private bool Drives(TagAlarms tag, AlarmKinds kinds)
    {
        AlarmKinds states = Mode == OutputMode.UntilAcknowledged ? tag.Unacknowledged : tag.Active;
        return (states & kinds) != 0;
    }
}
