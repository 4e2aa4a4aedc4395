using System.Globalization;

namespace EdgeSensors.Fleet.ApiLoad;

/// <summary>Command line: --url, --user, --password, --rate (requests/s), --seconds, --warmup (s), --devices, --config (a gateway YAML body).</summary>
public sealed class LoadOptions
{
    public Uri Url { get; private set; } = new("http://127.0.0.1:5180");
    public string User { get; private set; } = "admin";
    public string Password { get; private set; } = "";
    public double Rate { get; private set; } = 200;
    public int Seconds { get; private set; } = 60;
    public int Warmup { get; private set; } = 10;
    public int Devices { get; private set; } = 200;
    public string? ConfigPath { get; private set; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            switch (args[i])
            {
                case "--url": options.Url = new Uri(value); break;
                case "--user": options.User = value; break;
                case "--password": options.Password = value; break;
                case "--rate": options.Rate = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seconds": options.Seconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": options.Warmup = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--devices": options.Devices = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--config": options.ConfigPath = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}; see LoadOptions for the list");
            }
        }

        return options;
    }
}
