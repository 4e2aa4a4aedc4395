using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Storage;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>The 'upstream' and 'storage' sections.</summary>
public class UplinkAndStorageConfigTests
{
    [Theory]
    [InlineData("mqtt://broker.local", 1883, false)]
    [InlineData("mqtts://broker.local", 8883, true)]
    [InlineData("mqtts://broker.local:9883", 9883, true)]
    public void The_broker_port_defaults_by_scheme(string url, int port, bool tls)
    {
        UpstreamConfig mqtt = Upstream("  broker: " + url);

        Assert.Equal(("broker.local", port, tls), (mqtt.Host, mqtt.Port, mqtt.UseTls));
        Assert.Equal($"{(tls ? "mqtts" : "mqtt")}://broker.local:{port}", mqtt.BrokerText);
    }

    [Fact]
    public void Left_out_mqtt_keys_take_their_defaults()
    {
        UpstreamConfig mqtt = Upstream("  broker: mqtt://127.0.0.1");

        Assert.Equal("gw-test", mqtt.ClientId);
        Assert.Equal("edgesensors", mqtt.TopicPrefix);
        Assert.Equal("5", mqtt.ProtocolVersion);
        Assert.Equal(TimeSpan.FromSeconds(30), mqtt.KeepAlive);
        Assert.Null(mqtt.Tls);
    }

    [Fact]
    public void Relative_password_and_tls_files_are_resolved_against_the_config_files_directory()
    {
        var result = EdgeSensors.Gateway.Configuration.Loading.SiteConfigLoader.Parse(
            MinimalConfig.Text("upstream:", "  broker: mqtts://b", "  username: gw", "  password_file: secrets/mqtt.pw", "  tls: { ca_file: /etc/ca.pem }"),
            "/srv/site/gateway.yaml",
            ConfigFiles.Profiles);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));

        Assert.Equal("/srv/site/secrets/mqtt.pw", result.Config.Upstream!.PasswordFile);
        Assert.Equal("/etc/ca.pem", result.Config.Upstream.Tls!.CaFile);
    }

    [Theory]
    [InlineData("  broker: http://b", "upstream.broker", "is not an mqtt:// or mqtts:// URL")]
    [InlineData("  broker: mqtt://user:pw@b", "upstream.broker", "carries a user name or password")]
    [InlineData("  broker: mqtt://b/topic", "upstream.broker", "has a path or query")]
    [InlineData("  broker: mqtt://b\n  username: u\n  password: p\n  password_file: /p", "upstream.password_file", "both 'password' and 'password_file'")]
    [InlineData("  broker: mqtt://b\n  password_file: /p", "upstream.password_file", "a password without a 'username'")]
    [InlineData("  broker: mqtt://b\n  tls: { ca_file: /ca.pem }", "upstream.tls", "the broker URL is plain mqtt://")]
    [InlineData("  broker: mqtts://b\n  tls: { cert_file: /c.pem }", "upstream.tls.key_file", "'key_file' is missing")]
    [InlineData("  broker: mqtt://b\n  protocol_version: 4", "upstream.protocol_version", "unknown protocol_version '4'")]
    [InlineData("  broker: mqtt://b\n  topic_prefix: site/#", "upstream.topic_prefix", "cannot start MQTT topics")]
    public void Bad_mqtt_settings_are_refused(string lines, string key, string message)
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text(["upstream:", .. lines.Split('\n')])));

        Assert.Equal(key, error.Key);
        Assert.Contains(message, error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
    }

    [Fact]
    public void Storage_reads_sizes_with_units_and_resolves_the_data_directory()
    {
        var result = EdgeSensors.Gateway.Configuration.Loading.SiteConfigLoader.Parse(
            MinimalConfig.Text("storage:", "  data_dir: data", "  max_bytes: 512 MiB", "  max_age_days: 45", "  backfill_rate: 25", "  synchronous: normal"),
            "/srv/site/gateway.yaml",
            ConfigFiles.Profiles);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        StorageConfig storage = result.Config.Storage;

        Assert.Equal("/srv/site/data", storage.DataDirectory);
        Assert.Equal(512L * 1024 * 1024, storage.MaxBytes);
        Assert.Equal(TimeSpan.FromDays(45), storage.MaxAge);
        Assert.Equal(25, storage.BackfillRate);
        Assert.Equal(SynchronousMode.Normal, storage.Synchronous);
        StoreOptions store = storage.ToStoreOptions();
        store.Validate();
        Assert.Equal("/srv/site/data/queue", store.DataDirectory);
        Assert.Equal((512L * 1024 * 1024, TimeSpan.FromDays(45), 25.0, SynchronousMode.Normal), (store.MaxBytes, store.MaxAge, store.BackfillRatePerSecond, store.Synchronous));
    }

    [Theory]
    [InlineData("1073741824", 1073741824L)]
    [InlineData("2 GiB", 2147483648L)]
    [InlineData("500MB", 500000000L)]
    [InlineData("1.5 KiB", 1536L)]
    public void Sizes_are_bytes_or_numbers_with_a_unit(string text, long bytes)
    {
        Assert.True(EdgeSensors.Gateway.Configuration.Loading.StorageReader.TryParseSize(text, out long parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("  max_age_days: 7", "storage.max_age_days", "30 days")]
    [InlineData("  max_bytes: 60000", "storage.max_bytes", "too small")]
    [InlineData("  max_bytes: 2 parsecs", "storage.max_bytes", "is not a size")]
    [InlineData("  synchronous: off", "storage.synchronous", "power cut")]
    [InlineData("  synchronous: extra", "storage.synchronous", "unknown synchronous 'extra'")]
    public void Storage_that_could_lose_records_is_refused(string line, string key, string message)
    {
        YamlError error = Assert.Single(ConfigFiles.Errors(MinimalConfig.Text("storage:", line)));

        Assert.Equal(key, error.Key);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_mqtt_clients_settings_carry_the_password_from_its_file()
    {
        string dir = Directory.CreateTempSubdirectory("upstream").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "mqtt.pw"), "s3cret\nignored second line\n");
            var result = EdgeSensors.Gateway.Configuration.Loading.SiteConfigLoader.Parse(
                MinimalConfig.Text("upstream:", "  broker: mqtts://b", "  username: gw", "  password_file: mqtt.pw", "  tls: { ca_file: ca.pem, cert_file: c.pem, key_file: k.pem }", "  protocol_version: 3.1.1", "  keepalive_s: 45"),
                Path.Combine(dir, "gateway.yaml"),
                ConfigFiles.Profiles);
            Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));

            var settings = result.Config.Upstream!.ToUpstreamSettings();

            Assert.Equal(("gw-test", "gw", "s3cret"), (settings.ClientId, settings.Username, settings.Password));
            Assert.Equal((8883, true), (settings.Port, settings.UsesTls));
            Assert.Equal(Path.Combine(dir, "ca.pem"), settings.CaFile);
            Assert.Equal((Path.Combine(dir, "c.pem"), Path.Combine(dir, "k.pem")), (settings.ClientCertFile, settings.ClientKeyFile));
            Assert.Equal(("3.1.1", TimeSpan.FromSeconds(45)), (settings.ProtocolVersion, settings.KeepAlive));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static UpstreamConfig Upstream(params string[] lines)
    {
        var result = ConfigFiles.Parse(MinimalConfig.Text(["upstream:", .. lines]));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Config.Upstream!;
    }
}
