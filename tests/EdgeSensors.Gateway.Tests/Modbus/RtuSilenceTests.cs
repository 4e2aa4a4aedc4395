using System.Diagnostics;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>
/// The RTU master never starts a frame before the line has been quiet for t3.5. These are lower bounds on the clock,
/// so a slow or busy machine cannot make them fail; only a master that sends too early can.
/// </summary>
public sealed class RtuSilenceTests
{
    [Theory]
    [InlineData(9600)]
    [InlineData(19200)]
    [InlineData(115200)]
    public async Task EveryRequest_StartsAtLeastT35AfterTheLastResponseByteArrived(int baud)
    {
        var line = new AnsweringRtuLine();
        var framer = new RtuStreamFramer(line, baud);
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0, 4);
        var response = new ModbusResponse();

        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(ModbusStatus.Ok, await framer.ExchangeAsync(request, response, TimeSpan.FromSeconds(5), CancellationToken.None));
        }

        double t35 = RtuFraming.InterFrameDelayMicros(baud);
        double shortest = line.ShortestSilenceBeforeARequestMicros();
        Assert.True(shortest >= t35, "a request followed the previous response after " + shortest.ToString("F0", null) + " us of silence; t3.5 at " + baud + " baud is " + t35 + " us");
    }

    [Fact]
    public async Task AfterARequestNobodyAnswered_TheNextOneStillWaitsForTheFirstToLeaveTheWire()
    {
        // 9600 baud: the 8-byte request takes 9.2 ms on the wire, then t3.5 = 4 ms; the timeout is shorter than both.
        var line = new AnsweringRtuLine { Silent = true };
        var framer = new RtuStreamFramer(line, 9600);
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0, 4);
        var response = new ModbusResponse();

        Assert.Equal(ModbusStatus.Timeout, await framer.ExchangeAsync(request, response, TimeSpan.FromMilliseconds(1), CancellationToken.None));
        line.Silent = false;
        Assert.Equal(ModbusStatus.Ok, await framer.ExchangeAsync(request, response, TimeSpan.FromSeconds(5), CancellationToken.None));

        double gapMicros = line.MicrosBetweenWrites(0, 1);
        double needed = RtuFraming.WireTimeMicros(8, 9600) + RtuFraming.InterFrameDelayMicros(9600);
        Assert.True(gapMicros >= needed, "second request " + gapMicros.ToString("F0", null) + " us after the first; needs " + needed + " us");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1750)]
    [InlineData(4010)]
    [InlineData(12000)]
    public async Task APreciseWait_NeverEndsBeforeItsDeadline(int micros)
    {
        var waiter = new PreciseWaiter();
        for (int i = 0; i < 10; i++)
        {
            long start = Stopwatch.GetTimestamp();
            long deadline = start + (micros * Stopwatch.Frequency / 1_000_000);
            await waiter.WaitUntilAsync(deadline);
            long ended = Stopwatch.GetTimestamp();
            Assert.True(ended >= deadline, "ended " + ((deadline - ended) * 1e6 / Stopwatch.Frequency).ToString("F0", null) + " us early");
        }
    }
}
