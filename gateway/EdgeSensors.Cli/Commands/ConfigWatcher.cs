using System.Runtime.InteropServices;
using EdgeSensors.Cli.Output;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Cli.Commands;

/// <summary>
/// Hot reload for `run`: the config file is re-read when it changes (checked every second) or at once on SIGHUP. A new config
/// is validated in full first; a bad one is reported with every error and the running config stays. The durable queue
/// is not part of a reload: it is closed and reopened in place, never cleared.
/// </summary>
internal sealed class ConfigWatcher : IDisposable
{
    private readonly string _path;
    private readonly IReadOnlyList<DeviceProfile> _profiles;
    private readonly CommandOutput _output;
    private readonly PosixSignalRegistration? _hangup;
    private readonly SemaphoreSlim _wake = new(0);
    private DateTime _lastWrite;
    private volatile bool _hangupRequested;

    public ConfigWatcher(string path, IReadOnlyList<DeviceProfile> profiles, CommandOutput output)
    {
        _path = path;
        _profiles = profiles;
        _output = output;
        _lastWrite = File.GetLastWriteTimeUtc(path);
        if (!OperatingSystem.IsWindows())
        {
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _hangupRequested = true;
                _wake.Release(); // SIGHUP applies now, not at the next file check
            });
        }
    }

    /// <summary>Rejected reloads since start.</summary>
    public int Rejected { get; private set; }

    /// <summary>Completes with the next valid changed config; invalid changes are reported and skipped.</summary>
    public async Task<SiteConfig> WaitForValidChangeAsync(CancellationToken ct)
    {
        while (true)
        {
            await _wake.WaitAsync(TimeSpan.FromSeconds(1), ct);
            DateTime lastWrite = File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : _lastWrite;
            if (lastWrite == _lastWrite && !_hangupRequested)
            {
                continue;
            }

            _lastWrite = lastWrite;
            _hangupRequested = false;
            ConfigResult result = SiteConfigLoader.Load(_path, _profiles);
            if (result.Config is { } config)
            {
                return config;
            }

            Rejected++;
            ConfigCheckView.Write(_output, _path, result);
            _output.Line($"config reload rejected ({result.Errors.Length} error(s)); the running config stays. fix the file and save it again.");
            _output.Out.Flush();
        }
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        _wake.Dispose();
    }
}
