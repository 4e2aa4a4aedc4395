using System.Globalization;
using System.Net;
using EdgeSensors.Benchmarks.Suites;
using EdgeSensors.Gateway.Modbus.Server;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// fleet-serve: N simulated devices, each its own ModbusTcpServer + RegisterBank on a free loopback port, filled
/// with the mixed register map. Writes the ports to --ports-file, then serves until stdin closes or the process is killed.
/// It runs as its own process so the poller's CPU time and memory are measured alone.
/// </summary>
internal static class FleetServer
{
    public static async Task<int> RunAsync(BenchArguments args)
    {
        int devices = args.Int("devices", 200);
        int registers = args.Int("registers", 125);
        string portsFile = args.Text("ports-file", Path.Combine(Path.GetTempPath(), "edgesensors-fleet-ports.txt"));

        var values = MixedRegisterMap.Encode(registers);
        var servers = new List<ModbusTcpServer>(devices);
        try
        {
            for (int i = 0; i < devices; i++)
            {
                var bank = new RegisterBank().AddUnit(1, registers);
                bank.SetHolding(1, 0, values);
                var server = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), bank);
                await server.StartAsync();
                servers.Add(server);
            }

            string tempFile = portsFile + ".tmp";
            await File.WriteAllLinesAsync(tempFile, servers.Select(s => s.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture)));
            File.Move(tempFile, portsFile, overwrite: true);
            System.Console.WriteLine("serving " + devices + " devices x " + registers + " holding registers; ports in " + portsFile);

            // The script keeps stdin open while the poller runs; EOF (or a kill) ends the server.
            await System.Console.In.ReadToEndAsync();
            return 0;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }
}
