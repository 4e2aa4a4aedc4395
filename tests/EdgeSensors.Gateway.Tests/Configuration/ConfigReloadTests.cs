using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Configuration.Reload;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>A reload applies a whole validated config or nothing, and the config it applies cannot be changed afterwards.</summary>
public class ConfigReloadTests
{
    private static readonly string Original = MinimalConfig.Text();

    [Fact]
    public void A_valid_reload_replaces_the_whole_config_and_bumps_the_version()
    {
        var snapshot = new ConfigSnapshot(Load(Original));
        SiteConfig before = snapshot.Current;
        string changed = MinimalConfig.Text("  - name: line", "    bus: sim", "    profile: keller-series30", "    unit_id: 5").Replace("gw-test", "gw-renamed");

        ReloadResult result = snapshot.Reload(changed, "site.yaml", ConfigFiles.Profiles);

        Assert.True(result.Applied);
        Assert.Empty(result.Errors);
        Assert.Same(before, result.Previous);
        Assert.Same(snapshot.Current, result.Current);
        Assert.Equal(2, snapshot.Version);
        Assert.Equal("gw-renamed", snapshot.Current.Gateway.Id);
        Assert.Equal(["lel", "line"], snapshot.Current.Devices.Select(d => d.Name));
        Assert.Equal("gw-test", before.Gateway.Id);
        Assert.Single(before.Devices);
    }

    [Fact]
    public void A_reload_with_one_error_late_in_the_file_applies_nothing_of_it()
    {
        var snapshot = new ConfigSnapshot(Load(Original));
        SiteConfig before = snapshot.Current;

        // Valid new devices and identity first, one bad storage key at the end.
        string broken = MinimalConfig.Text("  - name: line", "    bus: sim", "    profile: keller-series30", "    unit_id: 5", "storage:", "  max_age_days: 3")
            .Replace("gw-test", "gw-renamed");
        ReloadResult result = snapshot.Reload(broken, "site.yaml", ConfigFiles.Profiles);

        Assert.False(result.Applied);
        Assert.Equal("storage.max_age_days", Assert.Single(result.Errors).Key);
        Assert.Same(before, snapshot.Current);
        Assert.Same(before, result.Current);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal("gw-test", snapshot.Current.Gateway.Id);
        Assert.Single(snapshot.Current.Devices);
    }

    [Fact]
    public async Task Readers_during_concurrent_reloads_only_ever_see_one_of_the_configs_that_was_applied()
    {
        string a = Original;
        string b = Original.Replace("gw-test", "gw-b").Replace("unit_id: 1", "unit_id: 2");
        var snapshot = new ConfigSnapshot(Load(a));
        int reloads = 0;
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                Assert.True(snapshot.Reload(i % 2 == w ? a : b, "site.yaml", ConfigFiles.Profiles).Applied);
                Interlocked.Increment(ref reloads);
            }
        })).ToArray();
        var reader = Task.Run(() =>
        {
            while (!writers.All(t => t.IsCompleted))
            {
                SiteConfig seen = snapshot.Current;

                // Identity and devices always come from the same file.
                Assert.Equal(seen.Gateway.Id == "gw-b" ? 2 : 1, seen.Devices[0].UnitId);
            }
        });

        await Task.WhenAll([.. writers, reader]);

        Assert.Equal(400, reloads);
        Assert.Equal(401, snapshot.Version);
    }

    [Fact]
    public void Every_model_type_is_immutable_after_construction()
    {
        Type[] modelTypes = typeof(SiteConfig).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(SiteConfig).Namespace && t.IsPublic && !t.IsEnum && !t.IsAbstract || t == typeof(BusConfig))
            .Where(t => !(t.IsAbstract && t.IsSealed))
            .ToArray();
        Assert.Contains(typeof(AlarmConfig), modelTypes);

        foreach (Type type in modelTypes)
        {
            foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                MethodInfo? setter = property.SetMethod;
                bool initOnly = setter is null || setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
                Assert.True(initOnly, $"{type.Name}.{property.Name} can be set after construction");
                Type shape = property.PropertyType;
                bool mutableCollection = shape.IsArray
                    || (typeof(IEnumerable).IsAssignableFrom(shape) && shape != typeof(string) && !(shape.IsGenericType && shape.GetGenericTypeDefinition() == typeof(ImmutableArray<>)));
                Assert.False(mutableCollection, $"{type.Name}.{property.Name} is a {shape.Name}, which callers could change: use ImmutableArray");
            }
        }
    }

    private static SiteConfig Load(string yaml)
    {
        var result = ConfigFiles.Parse(yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Config;
    }
}
