using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Yaml;

namespace EdgeSensors.Gateway.Configuration.Loading;

/// <summary>Reads 'upstream:': the MQTT broker, credentials, TLS files, protocol version and topic prefix.</summary>
internal sealed class UpstreamReader(ErrorSink sink, string baseDirectory)
{
    public UpstreamConfig? Read(YamlMap? map, string? gatewayId)
    {
        if (map is null)
        {
            return null;
        }

        Uri? broker = ReadBroker(map);
        string? clientId = map.String("client_id") ?? gatewayId;
        if (map.Has("client_id") && string.IsNullOrWhiteSpace(clientId))
        {
            map.Error("client_id", "'client_id' is empty", "leave it out to use the gateway id, or give a unique id");
        }

        string? username = map.String("username");
        string? password = map.String("password");
        string? passwordFile = map.String("password_file");
        CheckCredentials(map, username, password, passwordFile);
        TlsConfig? tls = ReadTls(map.Map("tls", ConfigVocabulary.TlsKeys), broker, map);
        string? configKeyFile = map.String("config_key_file");
        if (configKeyFile is not null && configKeyFile.Trim().Length == 0)
        {
            map.Error("config_key_file", "'config_key_file' is empty", "give the path of the config key the fleet server issued at enrolment, e.g. /var/lib/edgesensors/config.key, or leave the key out");
            configKeyFile = null;
        }

        string protocol = ReadProtocol(map);
        string topicPrefix = ReadTopicPrefix(map);
        long keepAlive = map.Integer("keepalive_s", 1, ushort.MaxValue) ?? ConfigDefaults.KeepAliveSeconds;
        if (broker is null || string.IsNullOrWhiteSpace(clientId))
        {
            return null;
        }

        return new UpstreamConfig
        {
            Broker = broker,
            ClientId = clientId,
            Username = username,
            Password = password,
            PasswordFile = passwordFile is null ? null : Resolve(passwordFile),
            Tls = tls,
            ConfigKeyFile = configKeyFile is null ? null : Resolve(configKeyFile),
            ProtocolVersion = protocol,
            TopicPrefix = topicPrefix,
            KeepAlive = TimeSpan.FromSeconds(keepAlive),
        };
    }

    private static Uri? ReadBroker(YamlMap map)
    {
        string? text = map.String("broker", required: true);
        if (text is null)
        {
            return null;
        }

        const string Example = "write e.g. mqtts://broker.example.com:8883 or mqtt://127.0.0.1:1883";
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("mqtt" or "mqtts") || uri.Host.Length == 0)
        {
            map.Error("broker", $"'{text}' is not an mqtt:// or mqtts:// URL with a host", Example);
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            map.Error("broker", "the broker URL carries a user name or password", "move them to 'username' and 'password_file', which keep the secret out of logs");
            return null;
        }

        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            map.Error("broker", $"'{text}' has a path or query; a broker URL is scheme, host and port only", Example);
            return null;
        }

        int port = uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "mqtts" ? ConfigDefaults.MqttsPort : ConfigDefaults.MqttPort) : uri.Port;
        return new UriBuilder(uri.Scheme, uri.Host, port).Uri;
    }

    private static void CheckCredentials(YamlMap map, string? username, string? password, string? passwordFile)
    {
        if (password is not null && passwordFile is not null)
        {
            map.Error("password_file", "both 'password' and 'password_file' are set", "keep password_file (the secret stays out of this file) and remove password");
        }

        if ((password is not null || passwordFile is not null) && username is null)
        {
            map.Error(password is not null ? "password" : "password_file", "a password without a 'username'", "add username: ... (brokers log in by user name and password together)");
        }

        if (passwordFile is not null && passwordFile.Trim().Length == 0)
        {
            map.Error("password_file", "'password_file' is empty", "give the path of a file holding only the password, e.g. /etc/edgesensors/mqtt.password");
        }
    }

    private TlsConfig? ReadTls(YamlMap? tls, Uri? broker, YamlMap mqtt)
    {
        if (tls is null)
        {
            return null;
        }

        if (broker is not null && broker.Scheme != "mqtts")
        {
            sink.Add(mqtt.KeyNode("tls"), mqtt.Child("tls"), "TLS files are set but the broker URL is plain mqtt://", $"use mqtts://{broker.Host}:{ConfigDefaults.MqttsPort}, or remove 'tls'");
        }

        string? ca = tls.String("ca_file");
        string? cert = tls.String("cert_file");
        string? key = tls.String("key_file");
        if ((cert is null) != (key is null))
        {
            string missing = cert is null ? "cert_file" : "key_file";
            sink.Add(tls.Node, tls.Child(missing), $"a client certificate needs both 'cert_file' and 'key_file'; '{missing}' is missing", $"add {missing}: ... (PEM), or remove the other one to log in without a client certificate");
        }

        return new TlsConfig(ResolveOptional(ca), ResolveOptional(cert), ResolveOptional(key));
    }

    private static string ReadProtocol(YamlMap map)
    {
        string? version = map.String("protocol_version");
        if (version is null || ConfigVocabulary.Protocols.Contains(version))
        {
            return version ?? ConfigDefaults.ProtocolVersion;
        }

        map.Error("protocol_version", $"unknown protocol_version '{version}'", $"use 5 or 3.1.1{KeyHints.Suffix(version, ConfigVocabulary.Protocols)}");
        return ConfigDefaults.ProtocolVersion;
    }

    private static string ReadTopicPrefix(YamlMap map)
    {
        string? prefix = map.String("topic_prefix");
        if (prefix is null)
        {
            return ConfigDefaults.TopicPrefix;
        }

        if (prefix.Length == 0 || prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.IndexOfAny(['+', '#', '\0']) >= 0 || prefix.Contains("//", StringComparison.Ordinal))
        {
            map.Error("topic_prefix", $"'{prefix}' cannot start MQTT topics", "use topic levels without wildcards (+, #) or leading/trailing '/', e.g. edgesensors or acme/site-3");
            return ConfigDefaults.TopicPrefix;
        }

        return prefix;
    }

    private string? ResolveOptional(string? path) => path is null ? null : Resolve(path);

    private string Resolve(string path) => Path.GetFullPath(path, baseDirectory);
}
