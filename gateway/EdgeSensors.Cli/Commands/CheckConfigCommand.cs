using System.CommandLine;
using EdgeSensors.Cli.Options;
using EdgeSensors.Cli.Output;
using EdgeSensors.Cli.Reading;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Cli.Commands;

/// <summary>`edgesensors check-config`: validate a gateway site config against the instrument profiles, listing every error.</summary>
public static class CheckConfigCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors check-config gateway/examples/tank-farm.yaml",
        "edgesensors check-config /etc/edgesensors/gateway.yaml --profiles /opt/edgesensors/profiles",
        "edgesensors check-config site.yaml --json",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var file = new Argument<string>("FILE") { Description = "The gateway's YAML site config (keys in docs/configuration.md)." };
        var profiles = new Option<string?>("--profiles") { Description = "Device profiles directory (default: $EDGESENSORS_PROFILES, else hardware/profiles found upwards).", HelpName = "DIR" };
        Option<bool> json = OutputOptions.CreateJson();
        var command = new Command(
            "check-config",
            "Validate a site config: every error with FILE:LINE:COL, the key and how to fix it; on success a short summary "
            + $"(devices, tags, alarms). Exit 0 when valid, {ExitCodes.InvalidConfig} when not.")
        {
            file, profiles, json,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliUsageException($"{path}: no such file");
            }

            IReadOnlyList<DeviceProfile> loaded = ProfileCatalog.LoadAll(parse.GetValue(profiles));
            var output = new CommandOutput(environment, parse.GetValue(json));
            ConfigResult result = SiteConfigLoader.Load(path, loaded);
            ConfigCheckView.Write(output, path, result);
            if (result.IsValid)
            {
                return ExitCodes.Success;
            }

            string noun = result.Errors.Length == 1 ? "error" : "errors";
            return output.Fail(ExitCodes.InvalidConfig, $"{path} is not valid: {result.Errors.Length} {noun}");
        });
        return command;
    }
}
