using System.CommandLine;
using System.CommandLine.Parsing;

namespace EdgeSensors.Cli.Options;

/// <summary>
/// Where the bus is: exactly one of --tcp, --serial or --rtu-over-tcp, plus the serial line settings and the per-request
/// timeout and retries. Shared by read, watch and scan (scan swaps in its own list-valued --baud/--parity).
/// </summary>
public sealed class ConnectionOptions
{
    public ConnectionOptions(int defaultTimeoutMs, bool withSerialLine, int defaultRetries = 2)
    {
        Retries = new Option<int>("--retries")
        {
            Description = "Retries after a timeout or frame error, with doubling backoff from 100 ms.",
            HelpName = "N",
            DefaultValueFactory = _ => defaultRetries,
        };
        Timeout = new Option<int>("--timeout")
        {
            Description = $"Per-request response timeout in milliseconds (ms).",
            HelpName = "ms",
            DefaultValueFactory = _ => defaultTimeoutMs,
        };
        Timeout.Validators.Add(r => RequireRange(r, 1, 600_000, "--timeout (ms)"));
        Retries.Validators.Add(r => RequireRange(r, 0, 20, "--retries"));
        Baud.Validators.Add(r => RequireRange(r, 300, 4_000_000, "--baud"));
        Tcp.Validators.Add(r => ValidateHostPort(r, Tcp));
        RtuOverTcp.Validators.Add(r => ValidateHostPort(r, RtuOverTcp));
        WithSerialLine = withSerialLine;
    }

    public Option<string?> Tcp { get; } = new("--tcp")
    {
        Description = "Modbus TCP server or gateway, HOST:PORT (port defaults to 502).",
        HelpName = "HOST:PORT",
    };

    public Option<string?> Serial { get; } = new("--serial")
    {
        Description = "Serial port for Modbus RTU (RS-485 adapter), e.g. /dev/ttyUSB0 or COM3.",
        HelpName = "DEV",
    };

    public Option<string?> RtuOverTcp { get; } = new("--rtu-over-tcp")
    {
        Description = "Serial-to-Ethernet converter passing raw RTU frames (with CRC), HOST:PORT.",
        HelpName = "HOST:PORT",
    };

    public Option<int> Baud { get; } = new("--baud")
    {
        Description = "Serial line speed in baud (bit/s).",
        HelpName = "baud",
        DefaultValueFactory = _ => 9600,
    };

    public Option<string> Parity { get; } = CreateParity();

    public Option<int> StopBits { get; } = CreateStopBits();

    public Option<int> Timeout { get; }

    public Option<int> Retries { get; }

    private bool WithSerialLine { get; }

    public static Option<string> CreateParity() => new Option<string>("--parity")
    {
        Description = "Serial parity: none, even or odd (8 data bits).",
        DefaultValueFactory = _ => "none",
    }.AcceptOnlyFromAmong("none", "even", "odd");

    public static Option<int> CreateStopBits() => new Option<int>("--stop-bits")
    {
        Description = "Serial stop bits: 1 or 2.",
        DefaultValueFactory = _ => 1,
    }.AcceptOnlyFromAmong("1", "2");

    /// <summary>Adds the options to <paramref name="command"/> and a check that exactly one connection was given.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Tcp);
        command.Options.Add(Serial);
        command.Options.Add(RtuOverTcp);
        if (WithSerialLine)
        {
            command.Options.Add(Baud);
            command.Options.Add(Parity);
            command.Options.Add(StopBits);
        }

        command.Options.Add(Timeout);
        command.Options.Add(Retries);
        command.Validators.Add(ValidateOneConnection);
    }

    /// <summary>The connection chosen on the command line; only call after parsing succeeded.</summary>
    public ConnectionSpec Read(ParseResult parse)
    {
        var line = new SerialLine(parse.GetValue(Baud), parse.GetValue(Parity) ?? "none", parse.GetValue(StopBits));
        string? tcp = parse.GetValue(Tcp);
        string? rtuOverTcp = parse.GetValue(RtuOverTcp);
        string? serial = parse.GetValue(Serial);
        if (tcp is not null && HostPort.TryParse(tcp, out HostPort tcpEndpoint, out _))
        {
            return ConnectionSpec.ForTcp(tcpEndpoint);
        }

        if (rtuOverTcp is not null && HostPort.TryParse(rtuOverTcp, out HostPort converter, out _))
        {
            return ConnectionSpec.ForRtuOverTcp(converter);
        }

        return ConnectionSpec.ForSerial(serial ?? throw new CliUsageException("give --tcp, --serial or --rtu-over-tcp"), line);
    }

    public TimeSpan ReadTimeout(ParseResult parse) => TimeSpan.FromMilliseconds(parse.GetValue(Timeout));

    public int ReadRetries(ParseResult parse) => parse.GetValue(Retries);

    private void ValidateOneConnection(CommandResult result)
    {
        int given = new Option[] { Tcp, Serial, RtuOverTcp }.Count(o => result.GetResult(o) is { Implicit: false });
        if (given != 1)
        {
            result.AddError(given == 0
                ? "No connection: give one of --tcp HOST:PORT, --serial DEV or --rtu-over-tcp HOST:PORT."
                : "Give only one of --tcp, --serial and --rtu-over-tcp.");
        }
    }

    private static void ValidateHostPort(OptionResult result, Option<string?> option)
    {
        if (!HostPort.TryParse(result.GetValueOrDefault<string?>(), out _, out string? error))
        {
            result.AddError($"{option.Name}: {error}");
        }
    }

    private static void RequireRange(OptionResult result, int min, int max, string label)
    {
        int value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError($"{label} must be {min}-{max}, got {value}.");
        }
    }
}
