using System.Text;
using EdgeSensors.Gateway.Upstream;

namespace EdgeSensors.Gateway.Tests.Upstream;

/// <summary>The zero-setup default: MQTTnet's broker in the gateway process, with the same upstream client.</summary>
public class EmbeddedBrokerTests
{
    [Fact]
    public async Task Upstream_publishes_to_the_embedded_broker_with_puback_and_retained_status()
    {
        await using var broker = await EmbeddedBroker.StartAsync(port: 0);
        await using var upstream = MqttUpstreamTests.Upstream(broker.Port, "5");
        upstream.Start();
        await upstream.WaitConnectedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        await using var backend = await TestSubscriber.ConnectAsync(broker.Port, "edgesensors/#");

        PublishOutcome outcome = await upstream.PublishAsync("edgesensors/gw-test/telemetry", Encoding.UTF8.GetBytes("{\"seq\":7}"), false, CancellationToken.None);

        Assert.Equal(PublishOutcome.Acknowledged, outcome);
        await backend.WaitForAsync(m => m.Topic == "edgesensors/gw-test/telemetry" && m.Payload == "{\"seq\":7}");
        var status = await backend.WaitForAsync(m => m.Topic == "edgesensors/gw-test/status");
        Assert.True(status.Retained);
    }
}
