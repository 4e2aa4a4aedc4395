using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Gateway.Tests.Profiles;

public class ProfileDecoderTests
{
    private static readonly DeviceProfile Pt495 = ProfileLoader.Load(ProfilePaths.ProfileFile("pemtech-pt495"));

    [Fact]
    public void Registers_not_read_give_missing_not_a_stale_number()
    {
        TagReading reading = new ProfileDecoder(Pt495).Decode("concentration", new RegisterSnapshot());

        Assert.Equal(ReadingQuality.Missing, reading.Quality);
        Assert.True(double.IsNaN(reading.Value));
    }

    [Fact]
    public void Value_read_without_its_unit_register_is_not_shown_with_a_guessed_unit()
    {
        var snapshot = new RegisterSnapshot();
        snapshot.AddRegisters(RegisterTable.HoldingRegister, 0, [250]);

        TagReading reading = new ProfileDecoder(Pt495).Decode("concentration", snapshot);

        Assert.Equal(ReadingQuality.Missing, reading.Quality);
        Assert.Null(reading.Unit);
        Assert.Contains("unit code tag 'status'", reading.Reasons[0]);
    }

    [Fact]
    public void Out_of_range_value_is_uncertain_and_says_why()
    {
        var snapshot = new RegisterSnapshot();
        snapshot.AddRegisters(RegisterTable.HoldingRegister, 0, [1500, 0x0200]);

        TagReading reading = new ProfileDecoder(Pt495).Decode("concentration", snapshot);

        Assert.Equal(ReadingQuality.Uncertain, reading.Quality);
        Assert.Equal(150.0, reading.Value, 9);
        Assert.Contains("outside the instrument range 0..100", reading.Reasons[0]);
    }

    [Fact]
    public void Fault_reason_names_the_status_bit_meaning()
    {
        var snapshot = new RegisterSnapshot();
        snapshot.AddRegisters(RegisterTable.HoldingRegister, 0, [0, 0x0204]);

        TagReading reading = new ProfileDecoder(Pt495).Decode("concentration", snapshot);

        Assert.Equal(ReadingQuality.Faulted, reading.Quality);
        Assert.Equal("status: bit 2 sensor fault", Assert.Single(reading.Reasons));
    }

    [Fact]
    public void Decode_all_covers_every_tag_in_profile_order()
    {
        var snapshot = new RegisterSnapshot();
        snapshot.AddRegisters(RegisterTable.HoldingRegister, 0, [105, 257, 100, 1, 200, 0, 0]);

        IReadOnlyList<TagReading> readings = new ProfileDecoder(Pt495).DecodeAll(snapshot);

        Assert.Equal(Pt495.Tags.Select(t => t.Name), readings.Select(r => r.Tag.Name));
        Assert.All(readings, r => Assert.Equal(ReadingQuality.Good, r.Quality));
        Assert.Equal(10.0, readings.Single(r => r.Tag.Name == "alarm1_setpoint").Value, 9);
    }
}
