using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Encoding;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Simulator.Farm;

/// <summary>
/// A simulated instrument's registers, encoded exactly as its profile says. Each table is as long as the highest
/// mapped address; reads beyond that get exception 02, as a real instrument gives.
/// </summary>
public sealed class RegisterImage
{
    private readonly DeviceProfile _profile;

    public RegisterImage(DeviceProfile profile)
    {
        _profile = profile;
        Holding = new ushort[Extent(profile, RegisterTable.HoldingRegister)];
        Input = new ushort[Extent(profile, RegisterTable.InputRegister)];
    }

    public ushort[] Holding { get; }

    public ushort[] Input { get; }

    public ushort[]? Table(RegisterTable table) => table switch
    {
        RegisterTable.HoldingRegister => Holding,
        RegisterTable.InputRegister => Input,
        _ => null,
    };

    /// <summary>Encodes an engineering value into the tag's registers (decimal places read from the image).</summary>
    public void Set(TagDefinition tag, double value)
    {
        ushort[] table = Table(tag.Table) ?? throw new NotSupportedException($"tag '{tag.Name}': the simulator serves registers only");
        int places = tag.DecimalsFrom is null ? 0 : (int)Raw(_profile.GetTag(tag.DecimalsFrom));
        ProfileEncoder.Encode(tag, value, table, tag.Address, places);
    }

    public void Set(string tagName, double value) => Set(_profile.GetTag(tagName), value);

    /// <summary>The tag's decoded register value, before scaling.</summary>
    public double Raw(TagDefinition tag)
    {
        ushort[] table = Table(tag.Table) ?? throw new NotSupportedException($"tag '{tag.Name}': the simulator serves registers only");
        return RegisterDecoder.Decode(table, tag.Address, tag.Type, tag.WordOrder);
    }

    private static int Extent(DeviceProfile profile, RegisterTable table)
    {
        int end = 0;
        foreach (TagDefinition tag in profile.Tags)
        {
            if (tag.Table == table)
            {
                end = Math.Max(end, tag.Address + tag.Length);
            }
        }

        return end;
    }
}
