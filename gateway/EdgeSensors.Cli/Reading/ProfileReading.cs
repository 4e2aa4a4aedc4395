using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Profiles.Decoding;

namespace EdgeSensors.Cli.Reading;

/// <summary>One tag of a profile poll and the raw registers it was decoded from (empty when not read or a bit).</summary>
public sealed record ProfileTagRow(TagReading Reading, ushort[] Raw);

/// <summary>
/// The outcome of a profile poll. It fails (with the first failed block's cause) when any block read failed; an
/// instrument that reports its own fault is a successful read whose tag quality says Faulted.
/// </summary>
public sealed record ProfileReading(string Connection, ProfileTarget Target, IReadOnlyList<ProfileTagRow> Tags, IReadOnlyList<ModbusResult> Blocks, DateTimeOffset Time)
    : PollOutcome
{
    public ModbusResult? FirstFailure => Blocks.FirstOrDefault(b => !b.IsOk);

    public override bool IsOk => FirstFailure is null;

    public override int ExitCode => FirstFailure is { } failure ? ExitCodes.FromStatus(failure.Status) : ExitCodes.Success;

    public override string? Error => FirstFailure?.Describe();
}
