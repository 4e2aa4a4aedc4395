using EdgeSensors.Profiles.Loading;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Tests.Profiles;

public class BrokenProfileTests
{
    [Fact]
    public void Overlapping_float_names_both_tags_the_address_and_the_line()
    {
        string yaml = BrokenProfiles.Lines(
        [
            .. BrokenProfiles.Header,
            "  - name: pv",            // 6
            "    table: holding",
            "    address: 0x0006",     // 8
            "    type: float32",
            "    unit: bar",
            "  - name: sv",            // 11
            "    table: holding",
            "    address: 0x0007",
            "    type: float32",
            "    unit: bar",
        ]);

        YamlError error = Assert.Single(Errors(yaml));

        Assert.Equal("tags[0].address", error.Key);
        Assert.Equal(8, error.Line);
        Assert.Equal(14, error.Column);
        Assert.Contains("tag 'pv': float32 needs 2 registers but address 0x0006 + 2 overlaps tag 'sv'", error.Message);
        Assert.StartsWith("test.yaml:8:14: tags[0].address:", error.ToString());
    }

    [Fact]
    public void Unknown_word_order_lists_the_four_valid_ones()
    {
        string yaml = BrokenProfiles.Lines([.. BrokenProfiles.Header, "  - name: pv", "    table: input", "    address: 1", "    type: float32", "    word_order: ABDC"]);

        YamlError error = Assert.Single(Errors(yaml));

        Assert.Equal("tags[0].word_order", error.Key);
        Assert.Equal((10, 17), (error.Line, error.Column));
        Assert.Equal("unknown word_order 'ABDC'", error.Message);
        Assert.Equal("use ABCD, CDAB, BADC or DCBA (did you mean 'ABCD'?)", error.Fix);
    }

    [Fact]
    public void Misspelt_key_suggests_the_right_one()
    {
        string yaml = BrokenProfiles.Lines([.. BrokenProfiles.Header, "  - name: pv", "    table: holding", "    adress: 3", "    type: uint16"]);

        IReadOnlyList<YamlError> errors = Errors(yaml);

        YamlError unknown = Assert.Single(errors, e => e.Key == "tags[0].adress");
        Assert.Equal(8, unknown.Line);
        Assert.Equal("unknown key 'adress'", unknown.Message);
        Assert.Equal("did you mean 'address'?", unknown.Fix);

        // Without an address the tag is also unplaced, and that is said separately.
        Assert.Contains(errors, e => e.Key == "tags[0].address" && e.Message.Contains("needs 'address'"));
    }

    [Fact]
    public void Register_number_in_the_wrong_table_says_how_to_fix_it()
    {
        string yaml = BrokenProfiles.Lines([.. BrokenProfiles.Header, "  - name: pv", "    table: input", "    register_number: 40001"]);

        YamlError error = Assert.Single(Errors(yaml));

        Assert.Equal("tags[0].register_number", error.Key);
        Assert.Contains("in the holding table but the tag says table: input", error.Message);
        Assert.Contains("'address' (0)", error.Message);
    }

    [Fact]
    public void Address_and_register_number_together_are_refused()
    {
        string yaml = BrokenProfiles.Lines([.. BrokenProfiles.Header, "  - name: pv", "    table: holding", "    address: 0", "    register_number: 40001"]);

        YamlError error = Assert.Single(Errors(yaml));

        Assert.Equal(9, error.Line);
        Assert.Contains("both 'address' and 'register_number'", error.Message);
    }

    [Fact]
    public void References_to_missing_tags_are_named()
    {
        string yaml = BrokenProfiles.Lines(
        [
            .. BrokenProfiles.Header,
            "  - name: value",
            "    table: holding",
            "    address: 4",
            "    type: int16",
            "    decimals_from: decimal",
            "    fault_when: { tag: stat, bit: 0 }",
            "  - name: decimals",
            "    table: holding",
            "    address: 3",
            "    kind: config",
        ]);

        IReadOnlyList<YamlError> errors = Errors(yaml);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Key == "tags[0].decimals_from" && e.Line == 10 && e.Message.Contains("(did you mean 'decimals'?)"));
        Assert.Contains(errors, e => e.Key == "tags[0].fault_when" && e.Message.Contains("'stat', which is not a tag"));
    }

    [Fact]
    public void Nan_fault_on_an_integer_tag_is_refused()
    {
        string yaml = BrokenProfiles.Lines([.. BrokenProfiles.Header, "  - name: pv", "    table: holding", "    address: 0", "    type: int32", "    fault_when: [nan]"]);

        YamlError error = Assert.Single(Errors(yaml));

        Assert.Equal("tags[0].fault_when[0]", error.Key);
        Assert.Contains("an integer cannot be NaN", error.Message);
    }

    [Fact]
    public void Duplicate_tag_names_point_at_the_first_use()
    {
        string yaml = BrokenProfiles.Lines(
        [.. BrokenProfiles.Header, "  - name: pv", "    table: holding", "    address: 0", "  - name: pv", "    table: holding", "    address: 1"]);

        YamlError error = Assert.Single(Errors(yaml));

        Assert.Equal(9, error.Line);
        Assert.Contains("already used on line 6", error.Message);
    }

    [Fact]
    public void Missing_required_keys_are_all_reported_at_once()
    {
        string yaml = BrokenProfiles.Lines("id: x", "tags:", "  - name: pv", "    table: holding", "    address: 0");

        IReadOnlyList<YamlError> errors = Errors(yaml);

        Assert.Equal(["manufacturer", "model", "source"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public void Bad_yaml_reports_the_parser_position()
    {
        YamlError error = Assert.Single(Errors("id: x\ntags: [\n  - name: pv\n"));

        Assert.True(error.Line >= 2, error.ToString());
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void Status_bit_beyond_the_register_width_is_refused()
    {
        string yaml = BrokenProfiles.Lines(
        [.. BrokenProfiles.Header, "  - name: status", "    table: holding", "    address: 0", "    kind: status", "    bits:", "      16: { meaning: x, severity: fault }"]);

        YamlError error = Assert.Single(Errors(yaml));

        Assert.Equal((11, 7), (error.Line, error.Column));
        Assert.Contains("must be 0 to 15", error.Message);
    }

    [Fact]
    public void Bool_type_is_only_for_bit_tables()
    {
        string yaml = BrokenProfiles.Lines([.. BrokenProfiles.Header, "  - name: pump", "    table: coil", "    address: 0", "    type: uint16"]);

        YamlError error = Assert.Single(Errors(yaml));

        Assert.Contains("use type: bool", error.Message);
    }

    [Fact]
    public void A_valid_minimal_profile_loads()
    {
        var profile = ProfileLoader.Parse(BrokenProfiles.Minimal("ok"), "ok.yaml");

        Assert.Equal("ok", profile.Id);
        Assert.Equal("bar", profile.GetTag("pv").Unit);
    }

    private static IReadOnlyList<YamlError> Errors(string yaml)
    {
        return Assert.Throws<ProfileException>(() => ProfileLoader.Parse(yaml, "test.yaml")).Errors;
    }
}
