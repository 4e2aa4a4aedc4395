using System.Globalization;
using System.Security.Cryptography;
using EdgeSensors.Interop.Tests.Support;

namespace EdgeSensors.Interop.Tests.Peers;

/// <summary>
/// tests/interop/modbus_client.c, a tiny libmodbus master. tests/run-all.sh compiles it and passes its path in
/// EDGESENSORS_MODBUS_CLIENT; otherwise it is compiled here once per run with gcc and pkg-config libmodbus.
/// </summary>
internal static class LibmodbusClient
{
    private static readonly Lazy<Task<string>> LazyBinary = new(CompileAsync);

    public static string? MissingReason => PeerTools.FirstMissing(
        Environment.GetEnvironmentVariable("EDGESENSORS_MODBUS_CLIENT") is { } prebuilt && File.Exists(prebuilt) ? null
            : PeerTools.FirstMissing(PeerTools.MissingProgram("gcc", "gcc"), PeerTools.MissingProgram("pkg-config", "pkg-config"), MissingLibmodbus()));

    /// <summary>Reads once; <paramref name="table"/> is holding, input, coil or discrete.</summary>
    public static async Task<LibmodbusReadout> ReadAsync(PeerEndpoint endpoint, byte unit, string table, ushort address, int count)
    {
        string binary = await LazyBinary.Value;
        string[] target = endpoint.IsRtu
            ? ["rtu", endpoint.RtuDevice!, PeerEndpoint.Baud.ToString(CultureInfo.InvariantCulture)]
            : ["tcp", "127.0.0.1", endpoint.TcpPort.ToString(CultureInfo.InvariantCulture)];
        string[] read = [unit.ToString(CultureInfo.InvariantCulture), table, address.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture)];
        ToolResult run = await ToolRun.RunAsync(binary, [.. target, .. read], TimeSpan.FromSeconds(30));
        return LibmodbusReadout.Parse(run);
    }

    private static string? MissingLibmodbus()
    {
        if (PeerTools.Find("pkg-config") is null)
        {
            return null;
        }

        ToolResult probe = ToolRun.RunAsync("pkg-config", ["--exists", "libmodbus"], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return probe.ExitCode == 0 ? null : "libmodbus not found by pkg-config (apt-get install libmodbus-dev)";
    }

    private static async Task<string> CompileAsync()
    {
        string? prebuilt = Environment.GetEnvironmentVariable("EDGESENSORS_MODBUS_CLIENT");
        if (prebuilt is not null && File.Exists(prebuilt))
        {
            return prebuilt;
        }

        // Cached per source version under /tmp, so repeated local runs neither recompile nor litter.
        string source = RepoPaths.InteropFile("modbus_client.c");
        string version = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(source)))[..12];
        string binary = Path.Combine(Path.GetTempPath(), "edgesensors-modbus-client-" + version);
        if (File.Exists(binary))
        {
            return binary;
        }

        ToolResult flags = await ToolRun.RunAsync("pkg-config", ["--cflags", "--libs", "libmodbus"], TimeSpan.FromSeconds(30));
        string building = binary + "." + Guid.NewGuid().ToString("N")[..8];
        string[] arguments = ["-O2", "-Wall", "-Wextra", "-Werror", "-o", building, source, .. flags.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        ToolResult gcc = await ToolRun.RunAsync("gcc", arguments, TimeSpan.FromMinutes(2));
        if (gcc.ExitCode != 0)
        {
            throw new InvalidOperationException("modbus_client.c does not compile\n" + gcc);
        }

        // Another test process may have built the same version meanwhile; either copy is the same program.
        File.Move(building, binary, overwrite: true);
        return binary;
    }
}
