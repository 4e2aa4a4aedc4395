using System.CommandLine;
using EdgeSensors.Cli.Enrolment;
using EdgeSensors.Cli.Output;
using EdgeSensors.Gateway.Enrolment;

namespace EdgeSensors.Cli.Commands;

/// <summary>
/// `edgesensors enroll`: trades an enrolment token for this gateway's identity and MQTT login at the fleet server and
/// stores them in DATA_DIR/enrolment.json (mode 0600), which `edgesensors run` then reports with. The password and
/// the config key are never printed.
/// </summary>
public static class EnrollCommand
{
    public static readonly string[] Examples =
    [
        "edgesensors enroll --server https://fleet.example.com --token esen_k3J... ",
        "edgesensors enroll --server http://10.0.0.5:5180 --token esen_k3J... --id gw-north-01 --data-dir /var/lib/edgesensors",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var server = new Option<string>("--server") { Description = "The fleet server's base URL (http:// or https://), as the admin gave it.", HelpName = "URL", Required = true };
        var token = new Option<string>("--token") { Description = "The enrolment token from the admin (starts with esen_); single or multi use, it expires.", HelpName = "TOKEN", Required = true };
        var dataDir = new Option<string>("--data-dir") { Description = "Where to store the identity (enrolment.json, mode 0600); the same directory `edgesensors run` uses.", HelpName = "DIR", DefaultValueFactory = _ => "/var/lib/edgesensors" };
        var id = new Option<string?>("--id") { Description = "Device id to ask for (1-64 of A-Z a-z 0-9 _ . -); default: the server makes gw-<serial>.", HelpName = "ID" };
        var serial = new Option<string?>("--serial") { Description = "Serial number to report (default: /proc/device-tree/serial-number when present).", HelpName = "SERIAL" };
        var timeout = new Option<int>("--timeout") { Description = "How long to wait for the server, in seconds (s).", HelpName = "s", DefaultValueFactory = _ => 30 };
        var command = new Command("enroll", "Enrol this gateway with the fleet server: get its device id and MQTT login for a token and store them for `edgesensors run`.")
        {
            server, token, dataDir, id, serial, timeout,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = new CommandOutput(environment, json: false);
            string text = parse.GetValue(server)!;
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            {
                throw new CliUsageException($"--server {text}: give the fleet server's base URL, e.g. https://fleet.example.com or http://10.0.0.5:5180");
            }

            // The API lives under the base URL: keep a path prefix (reverse proxy) and end it with '/'.
            url = new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
            string directory = parse.GetValue(dataDir)!;
            var request = new FleetEnrolmentClient.Request(
                parse.GetValue(token)!.Trim(),
                "gateway",
                parse.GetValue(id),
                parse.GetValue(serial) ?? DeviceTreeText("serial-number"),
                DeviceTreeText("model"),
                null,
                typeof(EnrolledIdentity).Assembly.GetName().Version?.ToString());
            (EnrolledIdentity? identity, int exitCode, string? error) = await FleetEnrolmentClient.EnrolAsync(url, request, TimeSpan.FromSeconds(parse.GetValue(timeout)), ct);
            if (identity is null)
            {
                return output.Fail(exitCode, error!);
            }

            try
            {
                identity.Save(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return output.Fail(ExitCodes.InternalError, $"enrolled as {identity.DeviceId} but cannot store {EnrolledIdentity.PathIn(directory)}: {ex.Message}. "
                    + "fix: run as the gateway's user with write access to --data-dir, then ask the admin to rotate this device's credentials (the token is used)");
            }

            output.Line($"enrolled as gateway {identity.DeviceId} (site {identity.SiteId}, credential generation {identity.Generation}) with {url}");
            output.Line($"MQTT: {identity.Broker} as {identity.Username}, topics {identity.TopicPrefix}/{identity.DeviceId}/...; "
                + $"password and config key stored in {Path.GetFullPath(EnrolledIdentity.PathIn(directory))} (mode 0600, not shown)");
            output.Line($"next: edgesensors run --config SITE.yaml --data-dir {directory}    (reports as {identity.DeviceId} with this login)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? DeviceTreeText(string name)
    {
        string path = Path.Combine("/proc/device-tree", name);
        return File.Exists(path) ? File.ReadAllText(path).TrimEnd('\0', '\n', ' ') : null;
    }
}
