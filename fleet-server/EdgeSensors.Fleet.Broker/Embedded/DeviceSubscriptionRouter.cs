using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Broker.Embedded;

/// <summary>
/// Devices' subscriptions, kept by the fleet broker instead of MQTTnet. A device may subscribe only inside its own
/// namespace ({prefix}/{id}/config, {prefix}/{id}/commands/...), and only the server publishes there, so a message for a
/// device is routed by its topic's device level to that one session. MQTTnet matches every published message against
/// every subscribed session: with 10,000 devices subscribed, each of a rollout's 10,000 reports cost 10,000 checks
/// (measured: the reports of 10,000 devices were still not through after 95 s). Devices' sessions subscribe to nothing
/// in MQTTnet's eyes, so what devices publish is matched against the server's own few sessions only.
/// Also keeps the retained messages of device topics, to send them on subscribe as MQTTnet would.
/// </summary>
public sealed class DeviceSubscriptionRouter(string prefix)
{
    // device id -> its filters and their QoS; device id -> retained topic -> message.
    private readonly ConcurrentDictionary<string, Dictionary<string, MqttQualityOfServiceLevel>> _filters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, MqttApplicationMessage>> _retained = new(StringComparer.Ordinal);

    /// <summary>The device a topic of the form {prefix}/{id}/... belongs to, or null.</summary>
    public string? DeviceOf(string topic)
    {
        if (topic.Length <= prefix.Length + 1 || !topic.StartsWith(prefix, StringComparison.Ordinal) || topic[prefix.Length] != '/')
        {
            return null;
        }

        int end = topic.IndexOf('/', prefix.Length + 1);
        return end < 0 ? null : topic[(prefix.Length + 1)..end];
    }

    /// <summary>Records a subscription (the policy has allowed it) and returns the retained messages it should get now.</summary>
    public List<MqttApplicationMessage> Subscribe(string deviceId, string filter, MqttQualityOfServiceLevel qos)
    {
        Dictionary<string, MqttQualityOfServiceLevel> filters = _filters.GetOrAdd(deviceId, _ => new Dictionary<string, MqttQualityOfServiceLevel>(StringComparer.Ordinal));
        lock (filters)
        {
            filters[filter] = qos;
        }

        var matching = new List<MqttApplicationMessage>();
        if (_retained.TryGetValue(deviceId, out var retained))
        {
            foreach (MqttApplicationMessage message in retained.Values)
            {
                if (MqttTopicFilterComparer.Compare(message.Topic, filter) == MqttTopicFilterCompareResult.IsMatch)
                {
                    matching.Add(message);
                }
            }
        }

        return matching;
    }

    public void Unsubscribe(string deviceId, string filter)
    {
        if (_filters.TryGetValue(deviceId, out var filters))
        {
            lock (filters)
            {
                filters.Remove(filter);
            }
        }
    }

    /// <summary>A clean start or a deleted session: the device has no subscriptions until it subscribes again.</summary>
    public void Forget(string deviceId) => _filters.TryRemove(deviceId, out _);

    /// <summary>Keeps (or, for an empty payload, removes) the retained message of a device topic.</summary>
    public void Retain(string deviceId, MqttApplicationMessage message)
    {
        ConcurrentDictionary<string, MqttApplicationMessage> retained = _retained.GetOrAdd(deviceId, _ => new ConcurrentDictionary<string, MqttApplicationMessage>(StringComparer.Ordinal));
        if (message.Payload.IsEmpty)
        {
            retained.TryRemove(message.Topic, out _);
        }
        else
        {
            retained[message.Topic] = message;
        }
    }

    /// <summary>The QoS the device gets <paramref name="topic"/> at (the highest of its matching subscriptions), or null when none matches.</summary>
    public MqttQualityOfServiceLevel? Match(string deviceId, string topic)
    {
        if (!_filters.TryGetValue(deviceId, out var filters))
        {
            return null;
        }

        MqttQualityOfServiceLevel? best = null;
        lock (filters)
        {
            foreach ((string filter, MqttQualityOfServiceLevel qos) in filters)
            {
                if (MqttTopicFilterComparer.Compare(topic, filter) == MqttTopicFilterCompareResult.IsMatch && (best is null || qos > best))
                {
                    best = qos;
                }
            }
        }

        return best;
    }
}
