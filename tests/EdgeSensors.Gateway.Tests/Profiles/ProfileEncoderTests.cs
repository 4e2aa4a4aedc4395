using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Profiles.Encoding;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Gateway.Tests.Profiles;

public class ProfileEncoderTests
{
    [Theory]
    [InlineData("keller-series30", "p1", 2.345)]
    [InlineData("keller-series30", "p1_int", 1013.25)]
    [InlineData("keller-series30", "temperature_int", -12.34)]
    [InlineData("vegapuls-c21", "tv", 7.25)]
    [InlineData("sierra-monitor-5100", "temperature", -10.5)]
    public void Encoded_values_decode_back_through_the_profile(string id, string tagName, double value)
    {
        DeviceProfile profile = ProfileLoader.Load(ProfilePaths.ProfileFile(id));
        TagDefinition tag = profile.GetTag(tagName);
        var registers = new ushort[tag.Length];

        ProfileEncoder.Encode(tag, value, registers, 0);
        var snapshot = new RegisterSnapshot();
        snapshot.AddRegisters(tag.Table, tag.Address, registers);
        new ProfileDecoder(profile).TryReadRaw(tag, snapshot, out double raw);

        Assert.Equal(value, raw * (tag.Scale?.Gain ?? 1) + (tag.Scale?.Offset ?? 0), 5);
    }

    [Fact]
    public void Integer_registers_round_and_clamp_instead_of_wrapping()
    {
        DeviceProfile pt495 = ProfileLoader.Load(ProfilePaths.ProfileFile("pemtech-pt495"));
        TagDefinition concentration = pt495.GetTag("concentration");

        Assert.Equal(253, ProfileEncoder.ToRaw(concentration, 25.26));
        Assert.Equal(0, ProfileEncoder.ToRaw(concentration, -3));
        Assert.Equal(ushort.MaxValue, ProfileEncoder.ToRaw(concentration, 1e9));
    }

    [Fact]
    public void Decimal_places_scale_the_raw_value()
    {
        DeviceProfile generic = ProfileLoader.Load(ProfilePaths.ProfileFile("generic-rs485-transmitter"));

        Assert.Equal(1234, ProfileEncoder.ToRaw(generic.GetTag("value"), 123.4, decimalPlaces: 1));
        Assert.Equal(RegisterTable.HoldingRegister, generic.GetTag("value").Table);
    }
}
