using System.Diagnostics;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>
/// RTU over real serial ports: a socat pty pair stands in for a USB RS-485 adapter and a unit. Both ends go
/// through System.IO.Ports, exactly as on a gateway.
/// </summary>
public sealed class RtuSerialPtyTests
{
    [SocatFact]
    public async Task MasterAndServer_TalkRtuOverAPtyPair()
    {
        await using var pair = await PtyPair.StartAsync();
        var bank = new RegisterBank().AddUnit(1).AddUnit(2);
        bank.SetHolding(1, 0, 209, 215);
        bank.SetAction(2, ServerAction.CorruptCrc);
        var settings = new SerialLineSettings(pair.ServerPath) { Baud = 19200 };
        await using var server = ModbusRtuServer.OpenSerial(settings, bank);
        await server.StartAsync();
        var transport = new RtuSerialTransport(settings with { PortName = pair.MasterPath });
        await using var bus = new ModbusBus(transport, InProcessTcpBus.FastOptions() with { Timeout = TimeSpan.FromSeconds(2) });

        var read = await bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 2);
        var write = await bus.WriteRegisterAsync(1, 6, 1);
        var corrupt = await bus.ReadAsync(2, RegisterTable.HoldingRegister, 0, 1);
        var after = await bus.ReadAsync(1, RegisterTable.HoldingRegister, 6, 1);

        Assert.True(read.IsOk, read.Describe());
        Assert.Equal(new ushort[] { 209, 215 }, read.Registers);
        Assert.True(write.IsOk, write.Describe());
        Assert.Equal(1, bank.GetHolding(1, 6));
        Assert.Equal(ModbusStatus.CrcError, corrupt.Status);
        Assert.Equal(1, bus.Counters(2).CrcErrors);
        Assert.True(after.IsOk, after.Describe());
        Assert.Equal("rtu:" + pair.MasterPath + "@19200-8N1", bus.Name);
    }

    [SocatFact]
    public async Task SilentUnitOnTheLine_TimesOut()
    {
        await using var pair = await PtyPair.StartAsync();
        var bank = new RegisterBank().AddUnit(1);
        await using var server = ModbusRtuServer.OpenSerial(new SerialLineSettings(pair.ServerPath), bank);
        await server.StartAsync();
        await using var bus = new ModbusBus(new RtuSerialTransport(new SerialLineSettings(pair.MasterPath)), InProcessTcpBus.FastOptions());

        var absent = await bus.ReadAsync(42, RegisterTable.HoldingRegister, 0, 1);
        var present = await bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, 1);

        Assert.Equal(ModbusStatus.Timeout, absent.Status);
        Assert.Equal(1, bus.Counters(42).Timeouts);
        Assert.True(present.IsOk, present.Describe());
    }

    /// <summary>A fact that is skipped, with a visible reason, when socat is not installed.</summary>
    public sealed class SocatFactAttribute : FactAttribute
    {
        public SocatFactAttribute()
        {
            if (PtyPair.SocatPath() is null)
            {
                Skip = "socat is not installed: RTU over a pty pair cannot run here (apt-get install socat; CI installs it)";
            }
        }
    }

    /// <summary>Two linked ptys made by socat, in a fresh temp directory.</summary>
    private sealed class PtyPair : IAsyncDisposable
    {
        private readonly Process _socat;
        private readonly string _directory;

        private PtyPair(Process socat, string directory)
        {
            _socat = socat;
            _directory = directory;
        }

        public string MasterPath => Path.Combine(_directory, "master");

        public string ServerPath => Path.Combine(_directory, "server");

        public static string? SocatPath()
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
            {
                string candidate = Path.Combine(dir, "socat");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        public static async Task<PtyPair> StartAsync()
        {
            string directory = Directory.CreateTempSubdirectory("edgesensors-pty-").FullName;
            var start = new ProcessStartInfo(SocatPath()!)
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-d");
            start.ArgumentList.Add("-d");
            start.ArgumentList.Add("pty,raw,echo=0,link=" + Path.Combine(directory, "master"));
            start.ArgumentList.Add("pty,raw,echo=0,link=" + Path.Combine(directory, "server"));
            var socat = Process.Start(start)!;
            socat.ErrorDataReceived += (_, _) => { };
            socat.BeginErrorReadLine();
            var pair = new PtyPair(socat, directory);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!File.Exists(pair.MasterPath) || !File.Exists(pair.ServerPath))
            {
                await Task.Delay(20, limit.Token);
            }

            return pair;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_socat.HasExited)
            {
                _socat.Kill();
                await _socat.WaitForExitAsync();
            }

            _socat.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
