using System.Diagnostics;
using EdgeSensors.Firmware.Tests.Support;
using EdgeSensors.Gateway.Tests.Upstream;
using EdgeSensors.Interop.Tests.Support;
using EdgeSensors.Node.Host;

namespace EdgeSensors.Firmware.Tests;

/// <summary>
/// The node runner on a broker that wants a user name and password, as the fleet server's brokers do: a real Mosquitto
/// with a password file. A wrong password is refused and named in the link's error; the issued one connects and the
/// node's status reaches a backend.
/// </summary>
public sealed class BrokerCredentialsTests
{
    [Fact]
    public async Task A_wrong_password_is_refused_and_reported_and_the_right_one_connects_and_publishes()
    {
        string data = Directory.CreateTempSubdirectory("edgesensors-node-cred-").FullName;
        string passwords = Path.Combine(data, "passwords");
        await File.WriteAllTextAsync(passwords, FirmwareRig.NodeId + ":issued-password\nbackend:backend-password\n");
        using (var hash = Process.Start("mosquitto_passwd", ["-U", passwords])!)
        {
            await hash.WaitForExitAsync();
            Assert.Equal(0, hash.ExitCode);
        }

        await File.WriteAllTextAsync(Path.Combine(data, "boot.json"), FirmwareRig.Config());
        await using SocatPtyPair pty = await SocatPtyPair.StartAsync();
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync($"allow_anonymous false\npassword_file {passwords}", directory: data);
        await using Observer backend = await Observer.ConnectAsync(broker.Port, "edgesensors/#", "backend", "backend-password");

        HostOptions Options(string password) => new()
        {
            BootConfigPath = Path.Combine(data, "boot.json"),
            SerialPort = pty.ClientEnd,
            Baud = FirmwareRig.Baud,
            BrokerHost = "127.0.0.1",
            BrokerPort = broker.Port,
            BrokerUserName = FirmwareRig.NodeId,
            BrokerPassword = password,
            ConfigKey = FirmwareRig.Key,
            DataDirectory = Path.Combine(data, "node"),
        };

        await using (NodeHost refused = NodeHost.Start(Options("guessed-password")))
        {
            await FirmwareRig.WaitUntilAsync(() => refused.Link.LastError is not null, TimeSpan.FromSeconds(20), "the refused connection to be reported");
            Assert.False(refused.Link.IsConnected);
            Assert.Contains("cannot connect to 127.0.0.1:" + broker.Port, refused.Link.LastError, StringComparison.Ordinal);
            Assert.Equal(0, refused.Link.Connects);
        }

        await using NodeHost node = NodeHost.Start(Options("issued-password"));
        await FirmwareRig.WaitUntilAsync(() => backend.On(FirmwareRig.Prefix + "/status").Any(), TimeSpan.FromSeconds(30), "the node's status at the backend");
        Assert.True(node.Link.IsConnected);
        Assert.Null(node.Link.LastError);
    }
}
