using EdgeSensors.Node.Host;

// edgesensors-node --config node.json --port /dev/ttyUSB0 [--baud 9600] [--broker 127.0.0.1:1883] --key <64 hex digits> [--data ./node-data]
//                  [--user NODE_ID --password-file FILE]   (the password can also come from $EDGESENSORS_NODE_MQTT_PASSWORD)
Dictionary<string, string> named = [];
for (int i = 0; i + 1 < args.Length; i += 2)
{
    named[args[i].TrimStart('-')] = args[i + 1];
}

string Need(string name) => named.TryGetValue(name, out string? value) ? value
    : throw new ArgumentException("--" + name + " is missing; usage: edgesensors-node --config node.json --port /dev/ttyUSB0 --key <64 hex digits> [--baud 9600] [--broker host:port] [--data dir] [--user NODE_ID --password-file FILE]");

// The password is never taken on the command line, where every user's `ps` would show it.
string? user = named.GetValueOrDefault("user");
string? password = named.TryGetValue("password-file", out string? passwordFile) ? File.ReadAllText(passwordFile).Trim()
    : Environment.GetEnvironmentVariable("EDGESENSORS_NODE_MQTT_PASSWORD");
if (user is not null && password is null)
{
    throw new ArgumentException("--user " + user + " needs a password: --password-file FILE (the password enrolment issued, alone in the file) or $EDGESENSORS_NODE_MQTT_PASSWORD");
}

string[] broker = (named.GetValueOrDefault("broker") ?? "127.0.0.1:1883").Split(':');
var options = new HostOptions
{
    BootConfigPath = Need("config"),
    SerialPort = Need("port"),
    Baud = int.Parse(named.GetValueOrDefault("baud") ?? "9600", System.Globalization.CultureInfo.InvariantCulture),
    BrokerHost = broker[0],
    BrokerPort = broker.Length > 1 ? int.Parse(broker[1], System.Globalization.CultureInfo.InvariantCulture) : 1883,
    ConfigKey = Convert.FromHexString(Need("key")),
    DataDirectory = named.GetValueOrDefault("data") ?? "node-data",
    BrokerUserName = user,
    BrokerPassword = password,
};

await using NodeHost host = NodeHost.Start(options);
Console.WriteLine("node " + host.Node.NodeId + " polling " + options.SerialPort + " at " + options.Baud + " baud, broker " + options.BrokerHost + ":" + options.BrokerPort + "; Ctrl+C stops");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C: dispose stops the loop and disconnects (the broker then publishes the Last Will).
}
