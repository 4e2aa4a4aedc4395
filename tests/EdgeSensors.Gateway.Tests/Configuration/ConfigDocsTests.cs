using System.Text.RegularExpressions;
using EdgeSensors.Gateway.Configuration.Loading;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>docs/configuration.md documents every key the loader accepts, and only those, each with type, default and unit.</summary>
public partial class ConfigDocsTests
{
    private static readonly IReadOnlyDictionary<string, string[]> Rows = ReadRows();

    [Fact]
    public void The_docs_have_a_row_for_exactly_the_keys_the_loader_accepts()
    {
        Assert.Equal(ConfigKeys.Accepted, Rows.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_documented_key_states_its_type_default_and_unit()
    {
        foreach ((string key, string[] cells) in Rows)
        {
            Assert.True(cells.Length == 5, $"{key}: expected key | type | default | unit | meaning, got {cells.Length} cells");
            Assert.False(string.IsNullOrWhiteSpace(cells[1]), key + " has no type");
            Assert.False(string.IsNullOrWhiteSpace(cells[2]), key + " has no default (write — when there is none)");
            Assert.False(string.IsNullOrWhiteSpace(cells[3]), key + " has no unit (write — when there is none)");
        }
    }

    [Fact]
    public void The_documented_defaults_are_the_loaders()
    {
        foreach ((string key, object value) in ConfigVocabulary.Defaults)
        {
            string expected = ConfigKeys.Text(value);
            Assert.True(Rows[key][2].Split(' ', '(', ')').Contains(expected), $"{key}: docs say '{Rows[key][2]}', the loader's default is {expected}");
        }
    }

    [Fact]
    public void The_docs_name_both_examples_and_the_schema()
    {
        string docs = File.ReadAllText(ConfigFiles.Docs);

        Assert.Contains("gateway/config.schema.json", docs);
        Assert.Contains("gateway/examples/tank-farm.yaml", docs);
        Assert.Contains("gateway/examples/rtu-site.yaml", docs);
    }

    /// <summary>Table rows whose first cell is a `key.path`, split on unescaped '|'.</summary>
    private static Dictionary<string, string[]> ReadRows()
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(ConfigFiles.Docs))
        {
            if (!line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            string[] cells = [.. CellSeparator().Split(line.Trim().Trim('|')).Select(c => c.Trim())];
            string key = cells[0].Trim('`');
            Assert.False(rows.ContainsKey(key), key + " is documented twice");
            rows[key] = cells;
        }

        return rows;
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparator();
}
