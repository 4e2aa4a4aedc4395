using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Profiles.Planning;

namespace EdgeSensors.Gateway.Polling;

/// <summary>
/// The read requests for one device: adjacent registers coalesced within the gap budget, and split when the
/// instrument refuses a coalesced range. Many instruments answer exception 02 (illegal data address) or 03 (illegal
/// data value) when a read spans an address they do not map, or is longer than they allow; the split is remembered
/// so the failing range is never asked for again while the plan lives.
/// </summary>
public sealed class AdaptiveReadPlan
{
    private readonly List<RegisterBlock> _blocks;
    private readonly List<string> _splits = [];

    public AdaptiveReadPlan(IEnumerable<TagDefinition> tags, int gapBudget)
    {
        _blocks = [.. RegisterBlockPlanner.Plan(tags, new BlockPlanOptions { MaxGap = gapBudget })];
    }

    /// <summary>The current requests, in table and address order.</summary>
    public IReadOnlyList<RegisterBlock> Blocks => _blocks;

    /// <summary>One line per split made so far, for logs and status ("holding 0x0000 x12 answered exception 02: split into ...").</summary>
    public IReadOnlyList<string> Splits => _splits;

    /// <summary>
    /// Called when <paramref name="block"/> failed with a Modbus exception. Splits it in two (by tag, each half
    /// re-coalesced without gaps) when the code says the range itself is wrong and the block holds more than one tag;
    /// returns true when the plan changed.
    /// </summary>
    public bool OnException(RegisterBlock block, ExceptionCode code)
    {
        if (code is not (ExceptionCode.IllegalDataAddress or ExceptionCode.IllegalDataValue) || block.Tags.Count < 2)
        {
            return false;
        }

        int index = _blocks.IndexOf(block);
        if (index < 0)
        {
            return false;
        }

        TagDefinition[] ordered = [.. block.Tags.OrderBy(t => t.Address)];
        int half = ordered.Length / 2;
        var noGaps = new BlockPlanOptions { MaxGap = 0 };
        RegisterBlock[] replacement =
        [
            .. RegisterBlockPlanner.Plan(ordered[..half], noGaps),
            .. RegisterBlockPlanner.Plan(ordered[half..], noGaps),
        ];
        _blocks.RemoveAt(index);
        _blocks.InsertRange(index, replacement);
        _splits.Add($"{block} answered exception {(int)code:00}: split into {string.Join(" + ", replacement.Select(b => b.ToString()))}");
        return true;
    }
}
