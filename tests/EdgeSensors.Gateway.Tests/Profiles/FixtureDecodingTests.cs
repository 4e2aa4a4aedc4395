using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Gateway.Tests.Profiles;

public class FixtureDecodingTests
{
    [Theory]
    [MemberData(nameof(ProfilePaths.InstrumentData), MemberType = typeof(ProfilePaths))]
    public void Every_fixture_case_decodes_to_its_expected_values(string id)
    {
        DeviceProfile profile = ProfileLoader.Load(ProfilePaths.ProfileFile(id));
        ProfileFixture fixture = ProfileFixture.Load(ProfilePaths.FixtureFile(id));
        Assert.Equal(id, fixture.Profile);
        Assert.NotEmpty(fixture.Cases);
        var decoder = new ProfileDecoder(profile);
        var failures = new List<string>();

        foreach (FixtureCase fixtureCase in fixture.Cases)
        {
            Assert.NotEmpty(fixtureCase.Expectations);
            foreach (TagExpectation expected in fixtureCase.Expectations)
            {
                TagReading reading = decoder.Decode(expected.Tag, fixtureCase.Registers);
                string? problem = Compare(expected, reading);
                if (problem is not null)
                {
                    failures.Add($"{id} / {fixtureCase.Name} / {expected.Tag}: {problem} (got {reading})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string? Compare(TagExpectation expected, TagReading reading)
    {
        if (expected.Quality is { } quality && reading.Quality != quality)
        {
            return $"quality {reading.Quality}, expected {quality}";
        }

        if (expected.Value is { } value)
        {
            bool same = double.IsNaN(value) ? double.IsNaN(reading.Value) : Math.Abs(reading.Value - value) <= expected.Tolerance;
            if (!same)
            {
                return $"value {reading.Value}, expected {value}";
            }
        }

        if (expected.Unit is not null && reading.Unit != expected.Unit)
        {
            return $"unit '{reading.Unit}', expected '{expected.Unit}'";
        }

        if (expected.ActiveBits is not null && !expected.ActiveBits.SequenceEqual(reading.ActiveBits.Select(b => b.Bit)))
        {
            return $"active bits [{string.Join(",", reading.ActiveBits.Select(b => b.Bit))}], expected [{string.Join(",", expected.ActiveBits)}]";
        }

        return null;
    }
}
