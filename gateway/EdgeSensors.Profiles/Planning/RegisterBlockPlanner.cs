using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Profiles.Planning;

/// <summary>
/// The fewest read requests that cover a set of tags: tags of one table sorted by address, merged while the next tag
/// starts within <see cref="BlockPlanOptions.MaxGap"/> of the block's end and the block stays under the protocol limit.
/// </summary>
public static class RegisterBlockPlanner
{
    public static IReadOnlyList<RegisterBlock> Plan(IEnumerable<TagDefinition> tags, BlockPlanOptions? options = null)
    {
        options ??= new BlockPlanOptions();
        var blocks = new List<RegisterBlock>();
        foreach (var table in tags.GroupBy(t => t.Table).OrderBy(g => g.Key))
        {
            int limit = table.First().IsBit ? options.MaxBits : options.MaxRegisters;
            int start = -1;
            int end = -1;
            var members = new List<TagDefinition>();
            foreach (TagDefinition tag in table.OrderBy(t => t.Address))
            {
                int tagEnd = tag.Address + tag.Length;
                bool fits = start >= 0 && tag.Address <= end + options.MaxGap && Math.Max(end, tagEnd) - start <= limit;
                if (!fits)
                {
                    Flush();
                    start = tag.Address;
                    end = tagEnd;
                }
                else
                {
                    end = Math.Max(end, tagEnd);
                }

                members.Add(tag);
            }

            Flush();

            void Flush()
            {
                if (members.Count > 0)
                {
                    blocks.Add(new RegisterBlock(table.Key, (ushort)start, (ushort)(end - start), members.ToList()));
                    members.Clear();
                }
            }
        }

        return blocks;
    }

    /// <summary>The blocks for every tag of a profile, or only those of the given kinds.</summary>
    public static IReadOnlyList<RegisterBlock> Plan(DeviceProfile profile, BlockPlanOptions? options = null, params TagKind[] kinds)
    {
        return Plan(profile.Tags.Where(t => kinds.Length == 0 || kinds.Contains(t.Kind)), options);
    }

    /// <summary>
    /// The tags needed to decode <paramref name="tags"/>: themselves plus their decimals_from, unit_from and fault_when
    /// tags, so a poll of measurements also reads what gives them meaning.
    /// </summary>
    public static IReadOnlyList<TagDefinition> WithDependencies(DeviceProfile profile, IEnumerable<TagDefinition> tags)
    {
        var result = new List<TagDefinition>();
        foreach (TagDefinition tag in tags)
        {
            Add(tag);
            if (tag.DecimalsFrom is not null)
            {
                Add(profile.GetTag(tag.DecimalsFrom));
            }

            if (tag.UnitFrom is not null)
            {
                Add(profile.GetTag(tag.UnitFrom.Tag));
            }

            foreach (FaultCondition condition in tag.FaultWhen)
            {
                if (condition.Tag is not null)
                {
                    Add(profile.GetTag(condition.Tag));
                }
            }
        }

        return result;

        void Add(TagDefinition tag)
        {
            if (!result.Contains(tag))
            {
                result.Add(tag);
            }
        }
    }
}
