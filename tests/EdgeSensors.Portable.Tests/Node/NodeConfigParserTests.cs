using System.Text;
using EdgeSensors.Alarms;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Node.Config;
using EdgeSensors.Portable.Tests.Node.Support;

namespace EdgeSensors.Portable.Tests.Node;

public class NodeConfigParserTests
{
    private readonly NodeConfigParser _parser = new();

    [Fact]
    public void Example_document_parses_into_every_setting()
    {
        NodeConfig config = Parse(NodeHarness.ExampleConfig)!;

        Assert.Equal("node-esp32-07", config.NodeId);
        Assert.Equal(64, config.BufferCapacity);
        Assert.Equal(8, config.AlarmBufferCapacity);
        Assert.Equal(10, config.BatchSize);
        Assert.Equal(10_000, config.StatusIntervalMs);
        Assert.False(config.Flash);
        Assert.Equal(3, config.Devices.Length);
        Assert.Equal(4, config.TagCount);

        TagConfig gas = config.Devices[0].Tags[0];
        Assert.Equal("t101-lel/concentration", gas.Path);
        Assert.Equal(RegisterTable.HoldingRegister, gas.Table);
        Assert.Equal(0, gas.Address); // register number 40001 is holding address 0
        Assert.Equal(0.1, gas.Scale);
        Assert.Equal("%LEL", gas.Unit);
        Assert.Equal(50, gas.Alarms!.HighHigh.Limit);
        Assert.True(gas.Alarms.HighHigh.Latching);
        Assert.False(gas.Alarms.High.Latching);
        Assert.Equal(2, gas.Alarms.High.Hysteresis);
        Assert.True(gas.Alarms.SensorFault.Enabled);
        Assert.Equal("t101-lel/concentration", gas.Alarms.Tag);

        TagConfig level = config.Devices[2].Tags[0];
        Assert.Equal(RegisterTable.InputRegister, level.Table);
        Assert.Equal(106, level.Address); // 30107
        Assert.Equal(WordOrder.CDAB, level.Order);
        Assert.Equal(DataType.Float32, level.Type);
        Assert.False(level.Alarms!.SensorFault.Enabled);

        Assert.Equal(200, config.Devices[0].TimeoutMs);
        Assert.Equal(DeviceConfig.DefaultTimeoutMs, config.Devices[1].TimeoutMs);
        OutputConfig beacon = Assert.Single(config.Outputs);
        Assert.Equal(12, beacon.Pin);
        Assert.Equal(AlarmKinds.HighHigh | AlarmKinds.High, beacon.DriveKinds[0]);
    }

    [Theory]
    [InlineData("\"unit\": 1, \"poll\": 5", "devices[0]: unknown key 'poll'")]
    [InlineData("\"unit\": 1, \"retries\": 9", "devices[0].retries = 9 must be a whole number from 0 to 5")]
    [InlineData("\"unit\": 300", "devices[0].unit = 300 must be a whole number from 1 to 247")]
    [InlineData("\"poll_ms\": 500", "devices[0] (d).unit is missing")]
    public void A_bad_device_key_is_refused_naming_it(string deviceKeys, string expected)
    {
        string document = "{\"node\":\"n1\",\"devices\":[{\"name\":\"d\"," + deviceKeys + ",\"tags\":[{\"name\":\"v\",\"register\":40001}]}]}";

        Assert.Null(Parse(document));
        Assert.Contains(expected, _parser.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"tag\":\"status\",\"bits\":[2]}", "", 4)]
    [InlineData("{\"tag\":\"stat\",\"bits\":[2]}", "fault_when.tag = 'stat' is not a tag of device d", 0)]
    [InlineData("{\"tag\":\"v\",\"bits\":[2]}", "must be another tag of d of type uint16 or int16", 0)]
    [InlineData("{\"tag\":\"status\",\"bits\":[16]}", "fault_when.bits = 16 must be a whole number from 0 to 15", 0)]
    [InlineData("{\"tag\":\"status\"}", "fault_when needs tag (the device's status tag", 0)]
    [InlineData("{\"tag\":\"status\",\"bit\":[1]}", "fault_when: unknown key 'bit'", 0)]
    public void Fault_when_names_a_status_tag_of_the_same_device_and_its_bits(string faultWhen, string error, int mask)
    {
        string document = "{\"node\":\"n1\",\"devices\":[{\"name\":\"d\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001,\"fault_when\":" + faultWhen
            + "},{\"name\":\"status\",\"register\":40002}]}]}";

        NodeConfig? config = Parse(document);

        if (error.Length > 0)
        {
            Assert.Null(config);
            Assert.Contains(error, _parser.Error, StringComparison.Ordinal);
            return;
        }

        Assert.NotNull(config);
        Assert.Equal(mask, config.Devices[0].Tags[0].FaultMask);
        Assert.Equal(1, config.Devices[0].Tags[0].FaultTagIndex);
    }

    [Fact]
    public void A_bad_type_lists_the_choices()
    {
        Assert.Null(Parse("{\"node\":\"n1\",\"devices\":[{\"name\":\"d\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001,\"type\":\"float\"}]}]}"));
        Assert.Equal("devices[0].tags[0].type: 'float' is not one of uint16, int16, uint32, int32, float32, uint64, int64, float64", _parser.Error);
    }

    [Fact]
    public void Register_number_and_address_together_are_refused()
    {
        Assert.Null(Parse("{\"node\":\"n1\",\"devices\":[{\"name\":\"d\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001,\"address\":0}]}]}"));
        Assert.Contains("give either register", _parser.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_out_of_order_are_refused_with_the_alarm_evaluators_reason()
    {
        Assert.Null(Parse("{\"node\":\"n1\",\"devices\":[{\"name\":\"d\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001,\"unit\":\"%LEL\",\"alarms\":{\"hh\":20,\"h\":25}}]}]}"));
        Assert.Contains("devices[0].tags[0] (d/v): alarms.d/v: limits.hh = 20 %LEL must be above limits.h = 25 %LEL", _parser.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_driven_by_a_tag_without_alarms_is_refused()
    {
        Assert.Null(Parse("{\"node\":\"n1\",\"devices\":[{\"name\":\"d\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001}]}],"
            + "\"outputs\":[{\"name\":\"relay\",\"pin\":4,\"drive\":[{\"tag\":\"d/v\",\"alarms\":[\"hh\"]}]}]}"));
        Assert.Contains("outputs[0] (relay).drive[0].tag = 'd/v' is not a tag with alarms", _parser.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_devices_on_one_unit_address_are_refused()
    {
        Assert.Null(Parse("{\"node\":\"n1\",\"devices\":[{\"name\":\"a\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001}]},{\"name\":\"b\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001}]}]}"));
        Assert.Contains("devices[1] (b) repeats the name or unit 1", _parser.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"devices\":[]}", "node is missing")]
    [InlineData("{\"node\":\"n 1\",\"devices\":[{\"name\":\"d\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001}]}]}", "node = 'n 1' is not a valid id")]
    [InlineData("{\"node\":\"n1\",\"prefix\":\"a/#\",\"devices\":[{\"name\":\"d\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001}]}]}", "prefix: MQTT topic prefix 'a/#'")]
    [InlineData("{\"node\":\"n1\",\"devices\":[{\"name\":\"d\",\"unit\":1,\"tags\":[{\"name\":\"v\",\"register\":40001}]}]", "document: expected ',' or '}'")]
    [InlineData("{\"node\":\"n1\",\"buffer\":0,\"devices\":[]}", "buffer = 0 readings must be a whole number from 1 to 8192 readings")]
    public void Document_level_problems_are_named(string document, string expected)
    {
        Assert.Null(Parse(document));
        Assert.Contains(expected, _parser.Error, StringComparison.Ordinal);
    }

    private NodeConfig? Parse(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes("  " + text);
        return _parser.Parse(bytes, 2, bytes.Length - 2);
    }
}
