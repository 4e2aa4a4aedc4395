using System.Diagnostics;
using System.Globalization;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// tcp-seq: N sequential register reads through ModbusBus + TcpTransport (one request in flight), the same loop
/// tests/bench/libmodbus_client_bench.c runs, against the same server. Prints "requests/s: N" first.
/// </summary>
internal static class TcpSequentialThroughput
{
    private const int WarmupRequests = 2000;

    public static async Task<int> RunAsync(BenchArguments args)
    {
        string host = args.Text("host", "127.0.0.1");
        int port = args.Int("port", 1502);
        int count = args.Int("count", 100_000);
        var registers = (ushort)args.Int("registers", 125);
        byte unit = (byte)args.Int("unit", 1);

        await using var bus = new ModbusBus(new TcpTransport(host, port));

        // Warm-up: connect, JIT and tiered compilation before timing (the C client warms up too).
        for (int i = 0; i < WarmupRequests; i++)
        {
            await bus.ReadAsync(unit, RegisterTable.HoldingRegister, 0, registers);
        }

        long failures = 0;
        ModbusResult? last = null;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        int gen0Before = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            last = await bus.ReadAsync(unit, RegisterTable.HoldingRegister, 0, registers);
            if (!last.IsOk)
            {
                failures++;
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        if (last is { IsOk: true } && last.Registers[registers - 1] != registers - 1)
        {
            System.Console.Error.WriteLine("unexpected value " + last.Registers[registers - 1] + " in register " + (registers - 1));
            failures++;
        }

        var inv = CultureInfo.InvariantCulture;
        System.Console.WriteLine(string.Format(inv, "requests/s: {0:F0}", count / seconds));
        System.Console.WriteLine(string.Format(
            inv,
            "client: EdgeSensors ModbusBus+TcpTransport, requests: {0}, registers: {1}, seconds: {2:F3}, failures: {3}, allocated/request: {4} B, gen0 GCs: {5}{6}",
            count, registers, seconds, failures, allocated / count, GC.CollectionCount(0) - gen0Before,
            last is { IsOk: false } ? ", last failure: " + last.Describe() : ""));
        return failures == 0 ? 0 : 1;
    }
}
