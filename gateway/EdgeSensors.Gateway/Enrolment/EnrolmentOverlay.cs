using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Gateway.Enrolment;

/// <summary>
/// Puts an enrolled identity over a site config: the gateway reports under the id the fleet server gave it, to the
/// fleet's broker, with the enrolled login and topic prefix. What the config's upstream section says about TLS files,
/// protocol version and keep-alive is kept; its broker, client id, user name, password and prefix give way. Fleet-sealed
/// configs are verified with the config's own upstream.config_key_file, else with the enrolled DATA_DIR/config.key.
/// </summary>
public static class EnrolmentOverlay
{
    public static SiteConfig Apply(SiteConfig config, EnrolledIdentity identity, string dataDirectory)
    {
        string enrolledKey = EnrolledIdentity.ConfigKeyPathIn(dataDirectory);
        UpstreamConfig? own = config.Upstream;
        var broker = new Uri(identity.Broker);
        int port = broker.IsDefaultPort || broker.Port < 0 ? (broker.Scheme == "mqtts" ? 8883 : 1883) : broker.Port;
        return config with
        {
            Gateway = config.Gateway with { Id = identity.DeviceId },
            Upstream = new UpstreamConfig
            {
                Broker = new UriBuilder(broker.Scheme, broker.Host, port).Uri,
                ClientId = identity.ClientId,
                Username = identity.Username,
                Password = identity.Password,
                Tls = broker.Scheme == "mqtts" ? own?.Tls : null,
                ProtocolVersion = own?.ProtocolVersion ?? "5",
                TopicPrefix = identity.TopicPrefix,
                KeepAlive = own?.KeepAlive ?? TimeSpan.FromSeconds(30),
                ConfigKeyFile = own?.ConfigKeyFile ?? (File.Exists(enrolledKey) ? Path.GetFullPath(enrolledKey) : null),
            },
        };
    }
}
