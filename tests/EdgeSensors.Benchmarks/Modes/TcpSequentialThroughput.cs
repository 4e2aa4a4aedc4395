using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// tcp-seq: N sequential register reads through ModbusBus + TcpTransport (one request in flight), the same loop
/// tests/bench/libmodbus_client_bench.c runs, against the same server. Prints "requests/s: N" first.
/// --api into (default) reads with ModbusBus.ReadRegistersAsync into one reused buffer, the allocation-free poll
/// path; --api result uses ReadAsync, which returns a new ModbusResult and register array per request.
/// --spin off turns off the transport's short spin for fast peers, to show what it is worth.
/// --layer transport skips the bus and calls TcpTransport.ExchangeAsync directly, to split the cost between the
/// bus (queueing, results) and the transport (framing, socket I/O, timeout).
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
        bool transportOnly = args.Text("layer", "bus") == "transport";
        string api = args.Text("api", "into");
        if (api is not ("into" or "result"))
        {
            throw new ArgumentException("unknown --api '" + api + "' (into|result)");
        }

        bool spin = args.Text("spin", "on") != "off";
        var transport = new TcpTransport(host, port) { SpinForFastPeers = spin };
        await using var bus = new ModbusBus(transport);
        var request = new ModbusRequest().SetRead(unit, FunctionCode.ReadHoldingRegisters, 0, registers);
        var response = new ModbusResponse();
        var values = new ushort[registers];
        var timeout = bus.Options.Timeout;
        string lastFailure = "";

        // Pooled, like the bus's own async methods, so the loop itself allocates nothing and allocated/request is the bus's.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        async ValueTask<bool> ReadOnceAsync()
        {
            if (transportOnly)
            {
                var status = await transport.ExchangeAsync(request, response, timeout, CancellationToken.None);
                lastFailure = status == ModbusStatus.Ok ? lastFailure : status.ToString();
                return status == ModbusStatus.Ok && response.Registers[registers - 1] == registers - 1;
            }

            if (api == "into")
            {
                var outcome = await bus.ReadRegistersAsync(unit, RegisterTable.HoldingRegister, 0, values);
                lastFailure = outcome.IsOk ? lastFailure : outcome.Status.ToString();
                return outcome.IsOk && values[registers - 1] == registers - 1;
            }

            var result = await bus.ReadAsync(unit, RegisterTable.HoldingRegister, 0, registers);
            lastFailure = result.IsOk ? lastFailure : result.Describe();
            return result.IsOk && result.Registers[registers - 1] == registers - 1;
        }

        // Warm-up: connect, JIT and tiered compilation before timing (the C client warms up too).
        for (int i = 0; i < WarmupRequests; i++)
        {
            await ReadOnceAsync();
        }

        long failures = 0;
        using var self = Process.GetCurrentProcess();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen0Before = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            if (!await ReadOnceAsync())
            {
                failures++;
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();
        double cpuMicros = (self.TotalProcessorTime - cpuBefore).TotalMicroseconds;

        var inv = CultureInfo.InvariantCulture;
        string client = transportOnly ? "TcpTransport alone (no bus)"
            : api == "into" ? "ModbusBus.ReadRegistersAsync+TcpTransport" : "ModbusBus.ReadAsync (ModbusResult)+TcpTransport";
        System.Console.WriteLine(string.Format(inv, "requests/s: {0:F0}", count / seconds));
        System.Console.WriteLine(string.Format(
            inv,
            "client: EdgeSensors {7}, requests: {0}, registers: {1}, seconds: {2:F3}, failures: {3}, allocated/request: {4:F1} B, gen0 GCs: {5}, client cpu/request: {8:F1} us{6}",
            count, registers, seconds, failures, allocated / (double)count, GC.CollectionCount(0) - gen0Before,
            lastFailure.Length > 0 ? ", last failure: " + lastFailure : "",
            client,
            cpuMicros / count));
        return failures == 0 ? 0 : 1;
    }
}
