using System.Net;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Tests.Infrastructure;
using MQTTnet.Protocol;
using static EdgeSensors.Fleet.Tests.Live.LiveTestSteps;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>
/// Acknowledging through a real Mosquitto (external broker mode, dynamic security): the server's role may publish to
/// {prefix}/{id}/commands/ack, the device's role lets it receive there, and two instances on one PostgreSQL serve the
/// same result whichever one sent the command.
/// </summary>
public sealed class AlarmAckMosquittoTests : IAsyncLifetime
{
    private FleetInstancePair? _pair;

    public async Task InitializeAsync() => _pair = await FleetInstancePair.StartAsync("ack-mosquitto", _ => new Ignore());

    public async Task DisposeAsync()
    {
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task The_device_receives_the_ack_through_mosquitto_and_its_answer_turns_the_alarm_acknowledged()
    {
        PostgresServer.Require();
        using HttpClient viaA = _pair!.Admin(0);
        using HttpClient viaB = _pair!.Admin(1);
        (string id, Guid registryId, string username, string password) = await EnrolAsync(viaA, _pair!.Instances[0].CreateClient(), _pair!.SiteId, "gw-ack-mosq");
        await using AckDevice device = await AckDevice.ConnectAsync(_pair!.Mosquitto.Port, id, username, password);

        const string Tag = "pt495-1/h2s";
        await device.PublishAlarmAsync(Tag, AlarmKind.HighHigh, AlarmEventType.Raised, 22, 20, "ppm", 100UL);
        await WaitForLiveAsync(viaA, registryId, l => Alarm(l, Tag, "HH") is not null);

        JsonElement sent = await viaB.PostOkAsync($"/api/devices/{registryId}/alarms/ack", new { tag = Tag }, HttpStatusCode.Accepted);
        Assert.Equal($"edgesensors/{id}/commands/ack", sent.GetProperty("topic").GetString());
        ReceivedCommand command = await device.WaitForCommandAsync(1, Patience);
        Assert.Equal((device.AckTopic, Tag, MqttQualityOfServiceLevel.AtLeastOnce, false), (command.Topic, command.Text, command.Qos, command.Retain));

        await device.PublishAlarmAsync(Tag, AlarmKind.HighHigh, AlarmEventType.Acknowledged, 21, 20, "ppm", 101UL);
        JsonElement live = await WaitForLiveAsync(viaB, registryId, l => Alarm(l, Tag, "HH")?.GetProperty("acknowledged").GetBoolean() == true);
        Assert.Equal("acknowledged", Alarm(live, Tag, "HH")!.Value.GetProperty("state").GetString());
    }

    private sealed class Ignore : IDeviceMessageHandler
    {
        public Task HandleAsync(DeviceMessage message, CancellationToken ct) => Task.CompletedTask;
    }
}
