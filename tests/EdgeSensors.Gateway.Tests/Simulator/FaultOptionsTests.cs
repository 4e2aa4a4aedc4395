using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Simulator.Faults;

namespace EdgeSensors.Gateway.Tests.Simulator;

public class FaultOptionsTests
{
    [Fact]
    public void Flag_values_parse_into_per_unit_faults()
    {
        var faults = new FaultOptions().AddSlow("3:1500").AddDead("4").AddException("2:0x0B").AddCorruptCrc("5").AddGarbage("6:0.25");

        Assert.Equal(TimeSpan.FromMilliseconds(1500), faults.Slow[3]);
        Assert.Contains((byte)4, faults.Dead);
        Assert.Equal(ExceptionCode.GatewayTargetFailedToRespond, faults.Exceptions[2]);
        Assert.Equal(1.0, faults.CorruptCrc[5]);
        Assert.Equal(0.25, faults.Garbage[6]);
        Assert.False(faults.IsEmpty);
    }

    [Theory]
    [InlineData("slow", "3", "UNIT:MS")]
    [InlineData("slow", "3:-5", "1 to 600000 milliseconds")]
    [InlineData("dead", "0", "unit of 1-247")]
    [InlineData("dead", "4:1", "expected UNIT")]
    [InlineData("exception", "2:7", "Modbus exception code")]
    [InlineData("corrupt", "5:1.5", "at most 1")]
    [InlineData("garbage", "x", "unit of 1-247")]
    public void Bad_flag_values_say_the_expected_form(string flag, string spec, string expected)
    {
        var faults = new FaultOptions();
        Action add = flag switch
        {
            "slow" => () => faults.AddSlow(spec),
            "dead" => () => faults.AddDead(spec),
            "exception" => () => faults.AddException(spec),
            "corrupt" => () => faults.AddCorruptCrc(spec),
            _ => () => faults.AddGarbage(spec),
        };

        FormatException error = Assert.Throws<FormatException>(add);

        Assert.Contains(expected, error.Message);
    }
}
