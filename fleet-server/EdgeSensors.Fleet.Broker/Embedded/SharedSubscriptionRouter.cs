using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Broker.Embedded;

/// <summary>
/// MQTT 5 shared subscriptions ($share/{group}/{filter}) for the embedded broker, which MQTTnet does not implement.
/// A shared SUBSCRIBE is rewritten, on its way in, into a plain subscription to {filter} (without retained messages, as MQTT 5 §4.8.2 says),
/// and each matching message is let through to exactly one member of each group: the member at
/// hash(topic, payload) mod (members), over the members sorted by client id. A duplicate (a QoS 1 resend) therefore
/// goes to the same consumer. Only the fleet server's own clients may subscribe this way.
/// </summary>
public sealed class SharedSubscriptionRouter
{
    private const string SharePrefix = "$share/";
    private readonly Lock _gate = new();

    // (group, filter) -> member client ids, kept sorted so every enqueue decision for one message agrees.
    private readonly Dictionary<(string Group, string Filter), SortedSet<string>> _groups = [];

    /// <summary>
    /// Rewrites the shared filters of a SUBSCRIBE packet into plain ones before MQTTnet sees them (it refuses $share
    /// itself), and records the client as a member of each group.
    /// </summary>
    public void RewriteSubscribe(string clientId, MqttSubscribePacket packet)
    {
        foreach (MqttTopicFilter topicFilter in packet.TopicFilters)
        {
            if (!TryParse(topicFilter.Topic, out string group, out string filter))
            {
                continue;
            }

            topicFilter.Topic = filter;
            topicFilter.RetainHandling = MqttRetainHandling.DoNotSendOnSubscribe;
            lock (_gate)
            {
                if (!_groups.TryGetValue((group, filter), out SortedSet<string>? members))
                {
                    _groups[(group, filter)] = members = new SortedSet<string>(StringComparer.Ordinal);
                }

                members.Add(clientId);
            }
        }
    }

    /// <summary>Rewrites the shared filters of an UNSUBSCRIBE packet the same way and removes the membership.</summary>
    public void RewriteUnsubscribe(string clientId, MqttUnsubscribePacket packet)
    {
        for (int i = 0; i < packet.TopicFilters.Count; i++)
        {
            if (!TryParse(packet.TopicFilters[i], out string group, out string filter))
            {
                continue;
            }

            packet.TopicFilters[i] = filter;
            lock (_gate)
            {
                if (_groups.TryGetValue((group, filter), out SortedSet<string>? members))
                {
                    members.Remove(clientId);
                }
            }
        }
    }

    /// <summary>A disconnected client leaves all its groups, so the others take over its share at once.</summary>
    public void Forget(string clientId)
    {
        lock (_gate)
        {
            foreach (SortedSet<string> members in _groups.Values)
            {
                members.Remove(clientId);
            }
        }
    }

    /// <summary>
    /// False when <paramref name="receiverClientId"/> gets <paramref name="message"/> only through shared
    /// subscriptions whose turn for this message belongs to another member.
    /// </summary>
    public bool ShouldDeliver(string receiverClientId, MqttApplicationMessage message)
    {
        lock (_gate)
        {
            if (_groups.Count == 0)
            {
                return true;
            }

            bool member = false;
            uint hash = 0;
            foreach (((string _, string filter), SortedSet<string> members) in _groups)
            {
                if (!members.Contains(receiverClientId) || MqttTopicFilterComparer.Compare(message.Topic, filter) != MqttTopicFilterCompareResult.IsMatch)
                {
                    continue;
                }

                if (!member)
                {
                    member = true;
                    hash = Fnv1a(message);
                }

                if (members.ElementAt((int)(hash % (uint)members.Count)) == receiverClientId)
                {
                    return true;
                }
            }

            return !member;
        }
    }

    private static bool TryParse(string topic, out string group, out string filter)
    {
        group = filter = string.Empty;
        if (!topic.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        int slash = topic.IndexOf('/', SharePrefix.Length);
        if (slash <= SharePrefix.Length || slash == topic.Length - 1)
        {
            return false;
        }

        group = topic[SharePrefix.Length..slash];
        filter = topic[(slash + 1)..];
        return true;
    }

    private static uint Fnv1a(MqttApplicationMessage message)
    {
        uint hash = 2166136261;
        foreach (char c in message.Topic)
        {
            hash = (hash ^ c) * 16777619;
        }

        foreach (ReadOnlyMemory<byte> segment in message.Payload)
        {
            foreach (byte b in segment.Span)
            {
                hash = (hash ^ b) * 16777619;
            }
        }

        return hash;
    }
}
