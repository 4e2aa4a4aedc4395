using System.Text.Json;
using Json.Schema;

namespace EdgeSensors.Gateway.Tests.Profiles;

public class ProfileSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(ProfilePaths.Directory, "profile.schema.json")));

    [Theory]
    [MemberData(nameof(ProfilePaths.InstrumentData), MemberType = typeof(ProfilePaths))]
    public void Every_profile_validates_against_the_schema(string id)
    {
        EvaluationResults result = Evaluate(File.ReadAllText(ProfilePaths.ProfileFile(id)));

        Assert.True(result.IsValid, Describe(result));
    }

    [Theory]
    [InlineData("    word_order: ABDC")]
    [InlineData("    register_number: 40001")]
    [InlineData("    adress: 3")]
    [InlineData("    scale: { gain: 0 }")]
    [InlineData("    fault_when: [nan, { tag: status }]")]
    [InlineData("    kind: measurment")]
    public void The_schema_rejects_what_the_loader_rejects(string badLine)
    {
        string yaml = BrokenProfiles.Minimal("x") + badLine + "\n";

        Assert.False(Evaluate(yaml).IsValid);
        Assert.Throws<EdgeSensors.Profiles.Loading.ProfileException>(() => EdgeSensors.Profiles.Loading.ProfileLoader.Parse(yaml, "x.yaml"));
    }

    [Fact]
    public void The_schema_documents_every_key_the_loader_accepts()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProfilePaths.Directory, "profile.schema.json")));
        JsonElement tagProperties = schema.RootElement.GetProperty("$defs").GetProperty("tag").GetProperty("properties");
        string[] documented = tagProperties.EnumerateObject().Select(p => p.Name).ToArray();
        string[] accepted = ["name", "description", "table", "address", "register_number", "type", "word_order", "scale", "decimals_from", "unit", "unit_from", "range", "kind", "bits", "fault_when"];

        Assert.Equal(accepted.Order(), documented.Order());
        foreach (JsonProperty property in tagProperties.EnumerateObject())
        {
            Assert.True(property.Value.TryGetProperty("description", out _) || property.Value.TryGetProperty("$ref", out _), property.Name + " has no description");
        }
    }

    private static EvaluationResults Evaluate(string yaml)
    {
        using JsonDocument document = JsonDocument.Parse(YamlToJson.Convert(yaml)!.ToJsonString());
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result) =>
        string.Join(Environment.NewLine, (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")));
}
