using System.Text;
using System.Text.Json;
using EdgeSensors.Config.Envelope;
using EdgeSensors.Config.Wire;
using static EdgeSensors.Portable.Tests.Config.EnvelopeSamples;

namespace EdgeSensors.Portable.Tests.Config;

public class ConfigReportEncoderTests
{
    private readonly ConfigReportEncoder _encoder = new();
    private readonly byte[] _buffer = new byte[600];

    [Fact]
    public void Applied_IsTheAgreedJson()
    {
        ConfigEnvelopeResult result = Open(Sealed(7));
        int length = _encoder.Encode(result, _buffer, 0);
        Assert.Equal(
            "{\"revision\":7,\"sha256\":\"" + result.BodySha256Hex + "\",\"status\":\"applied\",\"reason\":\"\"}",
            Encoding.UTF8.GetString(_buffer, 0, length));
    }

    [Fact]
    public void Rejected_CarriesTheReasonText_EscapedAsJson()
    {
        ConfigEnvelopeResult result = Open(Sealed(7), runningRevision: 9);
        int length = _encoder.Encode(result, _buffer, 3);

        using JsonDocument json = JsonDocument.Parse(_buffer.AsMemory(3, length));
        Assert.Equal(7, json.RootElement.GetProperty("revision").GetInt32());
        Assert.Equal(result.BodySha256Hex, json.RootElement.GetProperty("sha256").GetString());
        Assert.Equal("rejected", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(result.RejectText, json.RootElement.GetProperty("reason").GetString());
        Assert.StartsWith("revision not newer: ", result.RejectText, StringComparison.Ordinal);
    }

    [Fact]
    public void DeviceValidationFailure_WithQuotesInTheReason()
    {
        int length = _encoder.Encode(8, "ab", applied: false, "key \"poll_ms\" is 5 ms; use 100-60000 ms", _buffer, 0);
        Assert.Equal(
            "{\"revision\":8,\"sha256\":\"ab\",\"status\":\"rejected\",\"reason\":\"key \\\"poll_ms\\\" is 5 ms; use 100-60000 ms\"}",
            Encoding.UTF8.GetString(_buffer, 0, length));
    }

    [Fact]
    public void AppliedWithANote_KeepsTheNote()
    {
        int length = _encoder.Encode(9, "cd", applied: true, "buffer takes effect at the next start", _buffer, 0);
        Assert.Equal(
            "{\"revision\":9,\"sha256\":\"cd\",\"status\":\"applied\",\"reason\":\"buffer takes effect at the next start\"}",
            Encoding.UTF8.GetString(_buffer, 0, length));
    }

    [Fact]
    public void LongReason_IsCutSoTheReportFitsMaxBytes()
    {
        var buffer = new byte[ConfigReportEncoder.MaxBytes];
        string reason = new string('"', 1000);
        int length = _encoder.Encode(int.MaxValue, new string('f', 64), applied: false, reason, buffer, 0);

        Assert.True(length > 0);
        using JsonDocument json = JsonDocument.Parse(buffer.AsMemory(0, length));
        Assert.Equal(new string('"', ConfigReportEncoder.MaxReasonChars), json.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void TooSmallABuffer_ReturnsMinusOne()
    {
        Assert.Equal(-1, _encoder.Encode(Open(Sealed()), new byte[40], 0));
    }
}
