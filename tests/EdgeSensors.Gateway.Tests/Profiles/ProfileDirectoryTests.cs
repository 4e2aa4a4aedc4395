using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Tests.Profiles;

public class ProfileDirectoryTests
{
    [Fact]
    public void Every_profile_in_hardware_profiles_loads_and_validates()
    {
        IReadOnlyList<DeviceProfile> profiles = ProfileLoader.LoadDirectory(ProfilePaths.Directory);

        Assert.Equal(ProfilePaths.Instruments, profiles.Select(p => p.Id));
    }

    [Theory]
    [MemberData(nameof(ProfilePaths.InstrumentData), MemberType = typeof(ProfilePaths))]
    public void Each_instrument_folder_has_profile_readme_and_fixture(string id)
    {
        string folder = Path.Combine(ProfilePaths.Directory, id);
        Assert.True(File.Exists(Path.Combine(folder, "profile.yaml")), "profile.yaml missing in " + folder);
        Assert.True(File.Exists(Path.Combine(folder, "README.md")), "README.md missing in " + folder);
        Assert.True(File.Exists(Path.Combine(folder, "fixture.yaml")), "fixture.yaml missing in " + folder);
    }

    [Theory]
    [MemberData(nameof(ProfilePaths.InstrumentData), MemberType = typeof(ProfilePaths))]
    public void Each_profile_has_a_measurement_with_a_unit_source(string id)
    {
        DeviceProfile profile = ProfileLoader.Load(ProfilePaths.ProfileFile(id));

        Assert.Contains(profile.Tags, t => t.Kind == TagKind.Measurement && (t.Unit is not null || t.UnitFrom is not null));
        Assert.False(string.IsNullOrWhiteSpace(profile.Source));
    }

    [Fact]
    public void Register_numbers_become_zero_based_addresses()
    {
        DeviceProfile pt495 = ProfileLoader.Load(ProfilePaths.ProfileFile("pemtech-pt495"));

        Assert.Equal(0, pt495.GetTag("concentration").Address);
        Assert.Equal(6, pt495.GetTag("relay_reset").Address);
        Assert.Equal(EdgeSensors.Modbus.Protocol.RegisterTable.HoldingRegister, pt495.GetTag("relay_reset").Table);
    }

    [Fact]
    public void Profile_word_order_is_inherited_and_the_line_defaults_are_read()
    {
        DeviceProfile vega = ProfileLoader.Load(ProfilePaths.ProfileFile("vegapuls-c21"));

        Assert.Equal(EdgeSensors.Modbus.Decoding.WordOrder.CDAB, vega.GetTag("pv").WordOrder);
        Assert.Equal(246, vega.Line.Unit);
        Assert.Equal("9600-8N1", vega.Line.ToString());
    }

    [Fact]
    public void A_configured_directory_overrides_the_search_and_a_missing_one_is_not_guessed()
    {
        string temp = Directory.CreateTempSubdirectory("profiles-env").FullName;
        try
        {
            Assert.Equal(Path.GetFullPath(temp), ProfileLoader.FindProfilesDirectory(temp, AppContext.BaseDirectory));
            Assert.Null(ProfileLoader.FindProfilesDirectory(Path.Combine(temp, "nope"), AppContext.BaseDirectory));
            Assert.Equal(ProfilePaths.Directory, ProfileLoader.FindProfilesDirectory(null, AppContext.BaseDirectory));
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }

    [Fact]
    public void A_directory_with_one_broken_profile_reports_that_file()
    {
        string temp = Directory.CreateTempSubdirectory("profiles-dir").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(temp, "good"));
            Directory.CreateDirectory(Path.Combine(temp, "bad"));
            File.WriteAllText(Path.Combine(temp, "good", "profile.yaml"), BrokenProfiles.Minimal("good"));
            File.WriteAllText(Path.Combine(temp, "bad", "profile.yaml"), BrokenProfiles.Minimal("bad").Replace("type: uint16", "type: uint17"));

            ProfileException error = Assert.Throws<ProfileException>(() => ProfileLoader.LoadDirectory(temp));

            YamlError only = Assert.Single(error.Errors);
            Assert.EndsWith(Path.Combine("bad", "profile.yaml"), only.File);
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }
}
