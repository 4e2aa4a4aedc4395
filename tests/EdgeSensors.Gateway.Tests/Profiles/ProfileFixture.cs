using System.Globalization;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Profiles.Decoding;
using YamlDotNet.RepresentationModel;

namespace EdgeSensors.Gateway.Tests.Profiles;

/// <summary>hardware/profiles/&lt;id&gt;/fixture.yaml: datasheet register values and what they must decode to.</summary>
internal sealed record ProfileFixture(string Profile, IReadOnlyList<FixtureCase> Cases)
{
    public static ProfileFixture Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var cases = new List<FixtureCase>();
        foreach (YamlMappingNode node in ((YamlSequenceNode)root["cases"]).Children.Cast<YamlMappingNode>())
        {
            var snapshot = new RegisterSnapshot();
            foreach (var table in ((YamlMappingNode)node["registers"]).Children)
            {
                RegisterTable which = Scalar(table.Key) == "input" ? RegisterTable.InputRegister : RegisterTable.HoldingRegister;
                foreach (var block in ((YamlMappingNode)table.Value).Children)
                {
                    ushort[] values = ((YamlSequenceNode)block.Value).Children.Select(v => (ushort)Integer(Scalar(v))).ToArray();
                    snapshot.AddRegisters(which, (ushort)Integer(Scalar(block.Key)), values);
                }
            }

            var expectations = new List<TagExpectation>();
            foreach (var entry in ((YamlMappingNode)node["expect"]).Children)
            {
                var fields = (YamlMappingNode)entry.Value;
                expectations.Add(new TagExpectation(
                    Scalar(entry.Key),
                    Optional(fields, "value") is { } v ? ParseValue(v) : null,
                    Optional(fields, "unit"),
                    Optional(fields, "quality") is { } q ? Enum.Parse<ReadingQuality>(q, ignoreCase: true) : null,
                    Optional(fields, "tolerance") is { } t ? double.Parse(t, CultureInfo.InvariantCulture) : 1e-9,
                    fields.Children.TryGetValue(new YamlScalarNode("active_bits"), out YamlNode? bits)
                        ? ((YamlSequenceNode)bits).Children.Select(b => (int)Integer(Scalar(b))).ToList()
                        : null));
            }

            cases.Add(new FixtureCase(Scalar(node["name"]), snapshot, expectations));
        }

        return new ProfileFixture(Scalar(root["profile"]), cases);
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;

    private static string? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) ? Scalar(node) : null;

    private static double ParseValue(string text) =>
        text.StartsWith("0x", StringComparison.Ordinal) ? Integer(text)
        : text == "nan" ? double.NaN
        : double.Parse(text, CultureInfo.InvariantCulture);

    private static long Integer(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.Parse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : long.Parse(text, CultureInfo.InvariantCulture);
}

internal sealed record FixtureCase(string Name, RegisterSnapshot Registers, IReadOnlyList<TagExpectation> Expectations);

internal sealed record TagExpectation(string Tag, double? Value, string? Unit, ReadingQuality? Quality, double Tolerance, IReadOnlyList<int>? ActiveBits);
