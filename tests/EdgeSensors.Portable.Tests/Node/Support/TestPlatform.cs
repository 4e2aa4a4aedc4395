using System.Text;
using EdgeSensors.Alarms;
using EdgeSensors.Node.Config;
using EdgeSensors.Node.Outputs;
using EdgeSensors.Node.Status;
using EdgeSensors.Portable.Tests.Alarms;

namespace EdgeSensors.Portable.Tests.Node.Support;

/// <summary>GPIO pins by number, as recording fakes.</summary>
internal sealed class TestPins : IPinDriver
{
    public Dictionary<int, RecordingPin> Pins { get; } = [];

    public IOutputPin OpenOutput(int pin)
    {
        if (!Pins.TryGetValue(pin, out RecordingPin? output))
        {
            output = new RecordingPin();
            Pins[pin] = output;
        }

        return output;
    }
}

internal sealed class TestSystem : ISystemInfo
{
    public long UptimeMs { get; set; } = 65_000;

    public long FreeMemoryBytes { get; set; } = 81_920;
}

/// <summary>
/// A stand-in for the signed envelope in unit tests of the node core: "rev:N;sha:HEX;sig:ok|bad\n" then the body. The
/// firmware-in-the-loop tests use the real envelope.
/// </summary>
internal sealed class TestEnvelope : IConfigEnvelopeOpener
{
    public static byte[] Seal(int revision, string body, bool validSignature = true) =>
        Encoding.UTF8.GetBytes("rev:" + revision + ";sha:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body))) + ";sig:" + (validSignature ? "ok" : "bad") + "\n" + body);

    public bool TryOpen(byte[] message, int length, out int revision, out int bodyOffset, out int bodyLength, out string bodySha256Hex, out string reason)
    {
        string text = Encoding.UTF8.GetString(message, 0, length);
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        string[] header = text[..newline].Split(';');
        revision = int.Parse(header[0][4..], System.Globalization.CultureInfo.InvariantCulture);
        bodySha256Hex = header[1][4..];
        bodyOffset = Encoding.UTF8.GetByteCount(text[..(newline + 1)]);
        bodyLength = length - bodyOffset;
        reason = header[2] == "sig:ok" ? "" : "HMAC-SHA256 does not match: sealed with another key or changed on the way";
        return header[2] == "sig:ok";
    }
}
