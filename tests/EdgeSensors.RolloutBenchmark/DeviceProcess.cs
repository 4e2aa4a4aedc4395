using System.Globalization;

namespace EdgeSensors.RolloutBenchmark;

/// <summary>
/// `devices` mode: one process holding a slice of the simulated devices (a process may hold at most 20,000 file
/// descriptors here, and the broker side of every connection is in the server's process). Connects them, prints
/// READY, and when its standard input closes prints "APPLIED" with each device's apply time (Unix ms, 0 for none) and
/// "REJECTED n".
/// </summary>
internal static class DeviceProcess
{
    public static async Task<int> RunAsync(string file, int from, int count, int port)
    {
        var clock = new BenchClock();
        var devices = File.ReadLines(file).Skip(from).Take(count).Select(line => line.Split(' '))
            .Select(p => new BenchDevice(p[0], p[1], Convert.FromHexString(p[2]), "edgesensors", clock)).ToList();
        await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (d, ct) => await d.ConnectAsync("127.0.0.1", port, ct));
        Console.WriteLine("READY " + devices.Count.ToString(CultureInfo.InvariantCulture));
        await Console.In.ReadToEndAsync();
        Console.WriteLine("APPLIED " + string.Join(',', devices.Select(d => d.AppliedAtMs.ToString("0", CultureInfo.InvariantCulture))));
        Console.WriteLine("REJECTED " + devices.Count(d => d.Rejected is not null).ToString(CultureInfo.InvariantCulture));
        if (devices.FirstOrDefault(d => d.ReportFailed is not null) is { } failed)
        {
            Console.WriteLine($"REPORTFAILED {devices.Count(d => d.ReportFailed is not null)} e.g. {failed.Id}: {failed.ReportFailed}");
        }

        Console.WriteLine("CPU " + System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        foreach (BenchDevice device in devices)
        {
            try
            {
                await device.DisconnectAsync();
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // Closing down.
            }
        }

        return 0;
    }
}
