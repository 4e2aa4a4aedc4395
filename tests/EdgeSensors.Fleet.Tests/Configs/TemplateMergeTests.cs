using EdgeSensors.Fleet.Configs.Diff;
using EdgeSensors.Fleet.Configs.Documents;
using EdgeSensors.Fleet.Configs.Templates;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Fleet.Tests.Configs;

public sealed class TemplateMergeTests
{
    [Fact]
    public void Overrides_change_a_named_item_deep_inside_and_the_merged_document_validates()
    {
        const string Overrides = """
            gateway:
              id: tank-farm-gw-07
            devices:
              - name: t101-level
                tags:
                  - name: pv
                    alarms:
                      limits: { hh: 11.2 }
            """;

        string merged = TemplateMerge.Apply(FleetConfigFiles.TankFarm, Overrides);

        SiteConfig? config = FleetConfigFiles.Validator.Validate(merged, out IReadOnlyList<ConfigProblem> problems);
        Assert.Empty(problems);
        Assert.NotNull(config);
        Assert.Equal("tank-farm-gw-07", config.Gateway.Id);
        Assert.Equal("Simulated tank farm (T-101, T-102, line P-201)", config.Gateway.Site);
        AlarmConfig alarms = config.FindDevice("t101-level")!.FindTag("pv")!.Alarms!;
        Assert.Equal(11.2, alarms.HighHigh!.Value);
        Assert.Equal(11, alarms.High!.Value);
        Assert.Equal(0.8, alarms.LowLow!.Value);
        Assert.Equal(6, config.Devices.Length);
        Assert.Equal(
            ["gateway.id", "devices[t101-level].tags[pv].alarms.limits.hh"],
            ConfigDiff.Compare(FleetConfigFiles.TankFarm, merged).Select(c => c.Path));
    }

    [Fact]
    public void A_null_override_removes_the_key_and_new_named_items_are_appended()
    {
        const string Template = "storage: { data_dir: /var/lib/es, max_bytes: 1 GiB }\nbuses:\n  - { name: a, type: tcp, host: h1 }\n";
        const string Overrides = "storage: { max_bytes: ~ }\nbuses:\n  - { name: b, type: tcp, host: h2 }\n";

        string merged = TemplateMerge.Apply(Template, Overrides);

        Assert.Equal(
            [new FieldChange("storage.max_bytes", "1 GiB", null), new FieldChange("buses[b]", null, "{name: b, type: tcp, host: h2}")],
            ConfigDiff.Compare(Template, merged));
    }

    [Fact]
    public void Unnamed_lists_and_scalars_are_replaced_whole_and_the_inputs_stay_unchanged()
    {
        const string Template = "outputs:\n  - name: horn\n    alarms: [a.b.hh, c.d.hh]\n";
        const string Overrides = "outputs:\n  - name: horn\n    alarms: [e.f.h]\n";
        var template = ConfigYaml.ParseMapping(Template, "template");
        string before = ConfigYaml.Write(template);

        string merged = ConfigYaml.Write(TemplateMerge.Merge(template, ConfigYaml.ParseMapping(Overrides, "overrides")));

        Assert.Equal(
            [new FieldChange("outputs[horn].alarms[0]", "a.b.hh", "e.f.h"), new FieldChange("outputs[horn].alarms[1]", "c.d.hh", null)],
            ConfigDiff.Compare(Template, merged));
        Assert.Equal(before, ConfigYaml.Write(template));
    }

    [Fact]
    public void An_override_that_breaks_the_merged_config_is_reported_with_the_loaders_path()
    {
        const string Overrides = "devices:\n  - name: t101-level\n    unit_id: 300\n";

        string merged = TemplateMerge.Apply(FleetConfigFiles.TankFarm, Overrides);

        Assert.Null(FleetConfigFiles.Validator.Validate(merged, out IReadOnlyList<ConfigProblem> problems));
        ConfigProblem problem = Assert.Single(problems);
        Assert.Equal("devices[3].unit_id", problem.Path);
        Assert.Equal(ConfigProblem.Validation, problem.Rule);
        Assert.Contains("300", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_a_mapping_is_refused_with_what_and_where()
    {
        var ex = Assert.Throws<ConfigFormatException>(() => TemplateMerge.Apply("- a\n- b\n", "x: 1\n"));
        Assert.Contains("template", ex.Message, StringComparison.Ordinal);

        ex = Assert.Throws<ConfigFormatException>(() => TemplateMerge.Apply("x: 1\n", "x: [1\n"));
        Assert.Contains("overrides: not valid YAML at line", ex.Message, StringComparison.Ordinal);
    }
}
