using System.CommandLine;
using System.CommandLine.Parsing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Cli.Options;

/// <summary>What to read: a unit and a register range (--table/--address/--count), or every tag of a --profile.</summary>
public sealed class TargetOptions
{
    private const string CountDescription = "Number of values to read (of --type: a float32 takes 2 registers; coils: bits).";

    /// <param name="countIsValues">
    /// True for read: --count (alias --values) is the number of values. False for watch, where --count is the number of
    /// polls and the number of values is --values only.
    /// </param>
    public TargetOptions(bool countIsValues)
    {
        Count = countIsValues
            ? new Option<int>("--count", "-c", "--values") { Description = CountDescription, HelpName = "N", DefaultValueFactory = _ => 1 }
            : new Option<int>("--values") { Description = CountDescription, HelpName = "N", DefaultValueFactory = _ => 1 };
        Unit.Validators.Add(r =>
        {
            int unit = r.GetValueOrDefault<int>();
            if (unit is < 0 or > 255)
            {
                r.AddError($"--unit must be 0-255 (1-247 on a serial line), got {unit}.");
            }
        });
        Count.Validators.Add(r =>
        {
            int count = r.GetValueOrDefault<int>();
            if (count is < 1 or > ModbusLimits.MaxReadBits)
            {
                r.AddError($"{Count.Name} must be 1-{ModbusLimits.MaxReadBits}, got {count}.");
            }
        });
    }

    public Option<int> Unit { get; } = new("--unit", "-u")
    {
        Description = "Modbus unit id (slave address): 1-247 on RS-485; 0-255 on TCP.",
        HelpName = "ID",
        DefaultValueFactory = _ => 1,
    };

    public Option<string?> Table { get; } = new Option<string?>("--table", "-t")
    {
        Description = "Register table: holding (4xxxx, function 3), input (3xxxx, function 4), coil (0xxxx, function 1), "
            + "discrete (1xxxx, function 2). Default holding, or the table named by a register number.",
    }.AcceptOnlyFromAmong("holding", "input", "coil", "discrete");

    public Option<string?> Address { get; } = new("--address", "-a")
    {
        Description = "First register: a 0-based protocol address (0, 0x0006) or a register number (40001, 30101, 400001). "
            + "The output says which reading was used.",
        HelpName = "A",
    };

    public Option<int> Count { get; }

    public Option<string?> Profile { get; } = new("--profile", "-p")
    {
        Description = "Read every tag of this device profile (e.g. keller-series30) instead of --address.",
        HelpName = "NAME",
    };

    public Option<string?> ProfilesDirectory { get; } = new("--profiles")
    {
        Description = "Directory of device profiles (<name>/profile.yaml). Default: hardware/profiles found upwards from "
            + "the current directory.",
        HelpName = "DIR",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Unit);
        command.Options.Add(Table);
        command.Options.Add(Address);
        command.Options.Add(Count);
        command.Options.Add(Profile);
        command.Options.Add(ProfilesDirectory);
        command.Validators.Add(ValidateAddressOrProfile);
    }

    public static RegisterTable? ParseTable(string? name) => name switch
    {
        "holding" => RegisterTable.HoldingRegister,
        "input" => RegisterTable.InputRegister,
        "coil" => RegisterTable.Coil,
        "discrete" => RegisterTable.DiscreteInput,
        _ => null,
    };

    private void ValidateAddressOrProfile(CommandResult result)
    {
        bool hasAddress = result.GetResult(Address) is { Implicit: false };
        bool hasProfile = result.GetResult(Profile) is { Implicit: false };
        if (hasAddress == hasProfile)
        {
            result.AddError(hasAddress
                ? "Give either --address or --profile, not both."
                : "Say what to read: --address A (e.g. 40001 or 0) or --profile NAME.");
        }
    }
}
