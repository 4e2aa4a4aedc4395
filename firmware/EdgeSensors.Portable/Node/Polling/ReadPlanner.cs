using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Node.Config;

namespace EdgeSensors.Node.Polling;

/// <summary>Groups a device's tags into as few register reads as the protocol allows, once, when a config is applied.</summary>
internal static class ReadPlanner
{
    /// <summary>Unread registers one read may span between two tags to save a request.</summary>
    public const int GapBudget = 8;

    /// <summary>The device's tag indexes ordered by table, then address.</summary>
    public static int[] OrderByAddress(TagConfig[] tags)
    {
        var order = new int[tags.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Insertion sort: at most 32 tags, and nanoFramework has no generic Array.Sort.
        for (int i = 1; i < order.Length; i++)
        {
            int current = order[i];
            int j = i - 1;
            while (j >= 0 && Key(tags[order[j]]) > Key(tags[current]))
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = current;
        }

        return order;
    }

    /// <summary>Blocks over <paramref name="order"/>: same table, at most 125 registers, gaps of at most <see cref="GapBudget"/>.</summary>
    public static ReadBlock[] Plan(TagConfig[] tags, int[] order)
    {
        var blocks = new ReadBlock[order.Length];
        int count = 0;
        int start = 0;
        while (start < order.Length)
        {
            TagConfig first = tags[order[start]];
            int end = first.Address + first.RegisterCount;
            int next = start + 1;
            while (next < order.Length)
            {
                TagConfig tag = tags[order[next]];
                int tagEnd = tag.Address + tag.RegisterCount;
                int newEnd = tagEnd > end ? tagEnd : end;
                if (tag.Table != first.Table || tag.Address - end > GapBudget || newEnd - first.Address > ModbusLimits.MaxReadRegisters)
                {
                    break;
                }

                end = newEnd;
                next++;
            }

            blocks[count++] = new ReadBlock(first.Table, first.Address, (ushort)(end - first.Address), start, next - start);
            start = next;
        }

        var result = new ReadBlock[count];
        for (int b = 0; b < count; b++)
        {
            result[b] = blocks[b];
        }

        return result;
    }

    private static long Key(TagConfig tag)
    {
        return ((long)tag.Table << 17) | tag.Address;
    }
}
