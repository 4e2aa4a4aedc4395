using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Profiles.Decoding;

/// <summary>
/// Turns the registers read from a unit into engineering values, as its profile says: word order and type through
/// the portable <see cref="RegisterDecoder"/>, then scale or decimal places, the unit (fixed or read from the
/// device), the instrument's own fault flags (status bits, NaN) and its range.
/// </summary>
public sealed class ProfileDecoder(DeviceProfile profile)
{
    private readonly ushort[] _buffer = new ushort[4];

    public DeviceProfile Profile { get; } = profile;

    public TagReading Decode(string tagName, RegisterSnapshot snapshot) => Decode(Profile.GetTag(tagName), snapshot);

    public IReadOnlyList<TagReading> DecodeAll(RegisterSnapshot snapshot, Func<TagDefinition, bool>? include = null)
    {
        var readings = new List<TagReading>();
        foreach (TagDefinition tag in Profile.Tags)
        {
            if (include is null || include(tag))
            {
                readings.Add(Decode(tag, snapshot));
            }
        }

        return readings;
    }

    public TagReading Decode(TagDefinition tag, RegisterSnapshot snapshot)
    {
        if (!TryReadRaw(tag, snapshot, out double raw))
        {
            return new TagReading { Tag = tag, Quality = ReadingQuality.Missing, Unit = tag.Unit, Reasons = [$"{Where(tag)} not read"] };
        }

        var reasons = new List<string>();
        if (!TryScale(tag, raw, snapshot, out double value, out string? scaleError))
        {
            return new TagReading { Tag = tag, Raw = raw, Quality = ReadingQuality.Invalid, Unit = tag.Unit, Reasons = [scaleError!] };
        }

        if (!TryResolveUnit(tag, snapshot, out string? unit, out string? unitError, out bool unitMissing))
        {
            ReadingQuality quality = unitMissing ? ReadingQuality.Missing : ReadingQuality.Invalid;
            return new TagReading { Tag = tag, Raw = raw, Value = value, Quality = quality, Reasons = [unitError!] };
        }

        ReadingQuality result = ReadingQuality.Good;
        if (CheckFaults(tag, raw, snapshot, reasons, out bool unknown))
        {
            result = ReadingQuality.Faulted;
        }
        else if (unknown)
        {
            result = ReadingQuality.Uncertain;
        }

        if (result == ReadingQuality.Good && tag.Range is { } range && !range.Contains(value))
        {
            reasons.Add($"{value:0.###} is outside the instrument range {range.Min:0.###}..{range.Max:0.###}");
            result = ReadingQuality.Uncertain;
        }

        return new TagReading
        {
            Tag = tag,
            Raw = raw,
            Value = value,
            Unit = unit,
            Quality = result,
            Reasons = reasons,
            ActiveBits = tag.Kind == TagKind.Status ? ActiveBits(tag, raw) : [],
        };
    }

    /// <summary>Decodes the tag's registers (or bit) without scaling.</summary>
    public bool TryReadRaw(TagDefinition tag, RegisterSnapshot snapshot, out double raw)
    {
        if (tag.IsBit)
        {
            bool ok = snapshot.TryGetBit(tag.Table, tag.Address, out bool bit);
            raw = bit ? 1 : 0;
            return ok;
        }

        if (!snapshot.TryGetRegisters(tag.Table, tag.Address, tag.Length, _buffer))
        {
            raw = double.NaN;
            return false;
        }

        raw = RegisterDecoder.Decode(_buffer, 0, tag.Type, tag.WordOrder);
        return true;
    }

    /// <summary>True when the status value has any of the bits in <paramref name="mask"/> set.</summary>
    public static bool AnySet(double statusRaw, ulong mask)
    {
        ulong value = (ulong)(long)statusRaw;
        for (int word = 0; word < 4; word++)
        {
            ushort register = (ushort)(value >> (16 * word));
            for (int bit = 0; bit < 16; bit++)
            {
                if (((mask >> ((16 * word) + bit)) & 1) != 0 && StatusBits.IsSet(register, bit))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IReadOnlyList<StatusBit> ActiveBits(TagDefinition tag, double raw)
    {
        return tag.Bits.Where(b => AnySet(raw, 1UL << b.Bit)).ToList();
    }

    private bool TryScale(TagDefinition tag, double raw, RegisterSnapshot snapshot, out double value, out string? error)
    {
        error = null;
        if (tag.DecimalsFrom is not null)
        {
            TagDefinition placesTag = Profile.GetTag(tag.DecimalsFrom);
            if (!TryReadRaw(placesTag, snapshot, out double places))
            {
                value = double.NaN;
                error = $"decimal places tag '{placesTag.Name}' ({Where(placesTag)}) not read; read it with the value";
                return false;
            }

            if (!Scaling.TryApplyDecimals(raw, (int)places, out value))
            {
                error = $"decimal places '{placesTag.Name}' reads {places}, outside 0-6: the device is misconfigured or the register is wrong";
                return false;
            }

            return true;
        }

        LinearScale scale = tag.Scale ?? LinearScale.Identity;
        value = Scaling.Linear(raw, scale.Gain, scale.Offset);
        return true;
    }

    private bool TryResolveUnit(TagDefinition tag, RegisterSnapshot snapshot, out string? unit, out string? error, out bool missing)
    {
        unit = tag.Unit;
        error = null;
        missing = false;
        if (tag.UnitFrom is not { } source)
        {
            return true;
        }

        TagDefinition codeTag = Profile.GetTag(source.Tag);
        if (!TryReadRaw(codeTag, snapshot, out double codeRaw))
        {
            missing = true;
            error = $"unit code tag '{codeTag.Name}' ({Where(codeTag)}) not read; a value without its unit is not shown";
            return false;
        }

        long code = source.Width == 0 ? (long)codeRaw : FieldOf((ulong)(long)codeRaw, source.LowBit, source.Width);
        if (source.Codes.TryGetValue(code, out unit))
        {
            return true;
        }

        error = $"unit code {code} from '{codeTag.Name}' is not in the profile's map ({string.Join(", ", source.Codes.Select(c => $"{c.Key} {c.Value}"))}): add it to the profile";
        return false;
    }

    private static long FieldOf(ulong value, int lowBit, int width)
    {
        if (lowBit + width <= 16)
        {
            return StatusBits.Field((ushort)value, lowBit, width);
        }

        return (long)((value >> lowBit) & (width >= 64 ? ulong.MaxValue : (1UL << width) - 1));
    }

    private bool CheckFaults(TagDefinition tag, double raw, RegisterSnapshot snapshot, List<string> reasons, out bool unknown)
    {
        bool faulted = false;
        unknown = false;
        foreach (FaultCondition condition in tag.FaultWhen)
        {
            if (condition.OnNaN)
            {
                if (double.IsNaN(raw))
                {
                    reasons.Add("NaN: the instrument reports a channel error");
                    faulted = true;
                }

                continue;
            }

            TagDefinition statusTag = Profile.GetTag(condition.Tag!);
            if (!TryReadRaw(statusTag, snapshot, out double status))
            {
                unknown = true;
                reasons.Add($"status tag '{statusTag.Name}' ({Where(statusTag)}) not read: fault state unknown");
                continue;
            }

            if (AnySet(status, condition.Mask))
            {
                faulted = true;
                reasons.Add(DescribeFault(statusTag, status, condition.Mask));
            }
        }

        return faulted;
    }

    private static string DescribeFault(TagDefinition statusTag, double status, ulong mask)
    {
        List<string> meanings = statusTag.Bits
            .Where(b => ((mask >> b.Bit) & 1) != 0 && AnySet(status, 1UL << b.Bit))
            .Select(b => $"bit {b.Bit} {b.Meaning}")
            .ToList();
        string detail = meanings.Count > 0 ? string.Join(", ", meanings) : $"bits 0x{(ulong)(long)status & mask:X} set";
        return $"{statusTag.Name}: {detail}";
    }

    private static string Where(TagDefinition tag) => $"{Loading.ProfileText.TableWord(tag.Table)} 0x{tag.Address:X4}";
}
