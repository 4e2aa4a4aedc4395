using System.CommandLine;
using EdgeSensors.Cli.Options;
using EdgeSensors.Gateway.Modbus.Master;

namespace EdgeSensors.Cli.Reading;

/// <summary>
/// What read and watch poll, resolved from the command line once: the connection, the bus options and either an
/// address range or a device profile.
/// </summary>
public sealed class PollTarget
{
    private PollTarget(ConnectionSpec connection, BusOptions busOptions, RegisterRange? range, ProfileTarget? profile)
    {
        Connection = connection;
        BusOptions = busOptions;
        Range = range;
        Profile = profile;
    }

    public ConnectionSpec Connection { get; }

    public BusOptions BusOptions { get; }

    public RegisterRange? Range { get; }

    public ProfileTarget? Profile { get; }

    public static PollTarget Create(ParseResult parse, ConnectionOptions connection, TargetOptions target, DecodeOptions decoding)
    {
        var busOptions = new BusOptions
        {
            Timeout = connection.ReadTimeout(parse),
            Retries = connection.ReadRetries(parse),
        };
        ConnectionSpec spec = connection.Read(parse);
        int unit = parse.GetValue(target.Unit);
        if (spec.IsSerial && unit is < 1 or > 247)
        {
            throw new CliUsageException($"--unit {unit}: on a serial line units are 1-247 (0 is broadcast, which never answers).");
        }

        string? profileName = parse.GetValue(target.Profile);
        if (profileName is not null)
        {
            return new PollTarget(spec, busOptions, null, ProfileTarget.Load(profileName, parse.GetValue(target.ProfilesDirectory), (byte)unit));
        }

        var range = RegisterRange.Parse(unit, parse.GetValue(target.Table), parse.GetValue(target.Address)!, parse.GetValue(target.Count), decoding.Read(parse));
        return new PollTarget(spec, busOptions, range, null);
    }

    public ModbusBus OpenBus() => new(Connection.CreateTransport(), BusOptions);

    public async Task<PollOutcome> PollAsync(ModbusBus bus, CancellationToken ct) =>
        Range is not null
            ? await RangeReading.ReadAsync(bus, Range, ct)
            : await Profile!.ReadAsync(bus, ct);
}
