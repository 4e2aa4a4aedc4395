using System.Text.Json;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Tests.Profiles;
using Json.Schema;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>gateway/config.schema.json lists exactly the keys the loader accepts, with its defaults, and accepts the examples.</summary>
public class ConfigSchemaTests
{
    private static readonly string SchemaText = File.ReadAllText(ConfigFiles.Schema);
    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaText);

    [Theory]
    [MemberData(nameof(ExampleConfigTests.ExampleNames), MemberType = typeof(ExampleConfigTests))]
    public void Every_example_validates_against_the_schema(string name)
    {
        EvaluationResults result = Evaluate(File.ReadAllText(ConfigFiles.Example(name)));

        Assert.True(result.IsValid, Describe(result));
    }

    [Fact]
    public void The_schema_has_exactly_the_keys_the_loader_accepts()
    {
        using JsonDocument schema = JsonDocument.Parse(SchemaText);

        string[] inSchema = [.. ConfigKeys.InSchema(schema.RootElement).Keys];

        Assert.Equal(ConfigKeys.Accepted, inSchema);
    }

    [Fact]
    public void Every_schema_key_is_described_and_states_the_loaders_default()
    {
        using JsonDocument schema = JsonDocument.Parse(SchemaText);
        SortedDictionary<string, JsonElement> keys = ConfigKeys.InSchema(schema.RootElement);

        foreach ((string path, JsonElement node) in keys)
        {
            Assert.True(node.TryGetProperty("description", out _), path + " has no description");
        }

        foreach ((string path, object value) in ConfigVocabulary.Defaults)
        {
            Assert.True(keys[path].TryGetProperty("default", out JsonElement given), path + " has no default in the schema");
            string expected = ConfigKeys.Text(value);
            string actual = given.ValueKind == JsonValueKind.String ? given.GetString()! : given.GetRawText();
            Assert.True(expected == actual, $"{path}: schema default {actual}, loader default {expected}");
        }
    }

    [Theory]
    [InlineData("    unit_id: 300", "    unit_id: 1")]
    [InlineData("    poll_intervall_s: 2\n    unit_id: 1", "    unit_id: 1")]
    [InlineData("          preset: methane", "          preset: combustible_gas")]
    [InlineData("          preset: toxic_gas", "          preset: combustible_gas")]
    [InlineData("          preset: combustible_gas\n          oel: 10", "          preset: combustible_gas")]
    [InlineData("          preset: combustible_gas\n          fault_alarm: { on: [] }", "          preset: combustible_gas")]
    [InlineData("        deadband: { absolute: 1, percent: 2 }\n        alarms:", "        alarms:")]
    [InlineData("    type: serial", "    type: tcp")]
    [InlineData("    host: 127.0.0.1\n    baud: 9600", "    host: 127.0.0.1")]
    [InlineData("  id: gw test", "  id: gw-test")]
    public void The_schema_rejects_what_the_loader_rejects(string badLines, string goodLines)
    {
        string yaml = MinimalConfig.Text().Replace(goodLines + "\n", badLines + "\n");
        Assert.NotEqual(MinimalConfig.Text(), yaml);

        Assert.False(Evaluate(yaml).IsValid, yaml);
        Assert.False(ConfigFiles.Parse(yaml).IsValid, yaml);
    }

    [Theory]
    [InlineData("storage:\n  max_bytes: 2 GiB")]
    [InlineData("upstream:\n  broker: mqtts://b:8883\n  username: u\n  password_file: /p\n  tls: { cert_file: /c, key_file: /k }")]
    [InlineData("upstream:\n  broker: mqtt://b\n  protocol_version: 3.1.1")]
    [InlineData("outputs:\n  - name: horn\n    gpio_pin: 5\n    mode: until_acknowledged\n    alarms: [\"*.hh\", lel.concentration]")]
    public void The_schema_accepts_what_the_loader_accepts(string section)
    {
        string yaml = MinimalConfig.Text() + section + "\n";

        Assert.True(ConfigFiles.Parse(yaml).IsValid, string.Join(Environment.NewLine, ConfigFiles.Parse(yaml).Errors));
        EvaluationResults result = Evaluate(yaml);
        Assert.True(result.IsValid, Describe(result));
    }

    private static EvaluationResults Evaluate(string yaml)
    {
        using JsonDocument document = JsonDocument.Parse(YamlToJson.Convert(yaml)!.ToJsonString());
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result) =>
        string.Join(Environment.NewLine, (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")));
}
