using System.Globalization;
using System.Net;
using EdgeSensors.Gateway.Modbus.Server;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// changing-serve: one ModbusTcpServer on a free loopback port with --units units of --registers holding registers
/// each, every register changed every --change-ms (so report by exception publishes every tag a gateway polls). Writes
/// the port to --port-file and serves until stdin closes. Its own process, so the gateway's memory and CPU are
/// measured alone.
/// </summary>
internal static class ChangingRegistersServer
{
    public static async Task<int> RunAsync(BenchArguments args)
    {
        int units = args.Int("units", 10);
        int registers = args.Int("registers", 100);
        int changeMs = args.Int("change-ms", 50);
        string portFile = args.Text("port-file", Path.Combine(Path.GetTempPath(), "edgesensors-changing-port.txt"));
        var bank = new RegisterBank();
        for (int unit = 1; unit <= units; unit++)
        {
            bank.AddUnit((byte)unit, registers);
        }

        await using var server = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), bank);
        await server.StartAsync();
        using var stop = new CancellationTokenSource();
        Task changing = Task.Run(async () =>
        {
            var values = new ushort[registers];
            for (int step = 0; !stop.IsCancellationRequested; step++)
            {
                for (int unit = 1; unit <= units; unit++)
                {
                    for (int r = 0; r < registers; r++)
                    {
                        values[r] = (ushort)(1000 + (((step * 7) + r + unit) % 500));
                    }

                    bank.SetHolding((byte)unit, 0, values);
                }

                try
                {
                    await Task.Delay(changeMs, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        string temporary = portFile + ".tmp";
        await File.WriteAllTextAsync(temporary, server.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, portFile, overwrite: true);
        Console.WriteLine("serving " + units + " units x " + registers + " changing holding registers on port " + server.LocalEndPoint.Port);
        await Console.In.ReadToEndAsync();
        await stop.CancelAsync();
        await changing;
        return 0;
    }
}
