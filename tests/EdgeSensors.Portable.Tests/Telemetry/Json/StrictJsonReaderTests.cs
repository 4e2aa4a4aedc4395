using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EdgeSensors.Telemetry.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Telemetry.Json;

public class StrictJsonReaderTests
{
    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("  \t\r\n\"x\"", "x")]
    [InlineData("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t")]
    [InlineData("\"\\u00e9\\u00C9\\u0000\"", "éÉ\0")]
    [InlineData("\"\\ud83d\\ude00\"", "\U0001F600")]
    [InlineData("\"°C m³\"", "°C m³")]
    public void Reads_strings_with_every_escape(string json, string expected)
    {
        StrictJsonReader reader = Reader(json);
        var chars = new char[64];

        Assert.True(reader.ReadString(chars, 32, out int length), reader.ErrorDetail);
        Assert.Equal(expected, new string(chars, 0, length));
        Assert.True(reader.ExpectEnd());
    }

    [Theory]
    [InlineData("\"abc", 0, "unterminated string")]
    [InlineData("\"a\\x\"", 2, "invalid escape")]
    [InlineData("\"\\u12G4\"", 1, "4 hex digits")]
    [InlineData("\"\\ud800\"", 1, "unpaired surrogate")]
    [InlineData("\"\\udc00\"", 1, "unpaired surrogate")]
    [InlineData("\"\\ud800\\u0041\"", 1, "unpaired surrogate")]
    [InlineData("\"a\tb\"", 2, "control character 0x09")]
    public void Rejects_bad_strings_naming_the_byte(string json, int offset, string detail)
    {
        StrictJsonReader reader = Reader(json);

        Assert.False(reader.ReadString(new char[64], 32, out _));
        Assert.Equal(JsonReadError.Malformed, reader.Error);
        Assert.Equal(offset, reader.ErrorOffset);
        Assert.Contains(detail, reader.ErrorDetail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x80 })]
    [InlineData(new byte[] { 0xE0, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xF5, 0x80, 0x80, 0x80 })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public void Rejects_invalid_UTF8(byte[] content)
    {
        byte[] json = [(byte)'"', .. content, (byte)'"'];
        var reader = new StrictJsonReader();
        reader.Reset(json, 0, json.Length);

        Assert.False(reader.ReadString(new char[64], 32, out _));
        Assert.Equal(JsonReadError.Malformed, reader.Error);
        Assert.Equal(1, reader.ErrorOffset);
    }

    [Fact]
    public void Counts_the_limit_in_code_points()
    {
        var chars = new char[8];

        Assert.True(Reader("\"\U0001F600\U0001F600\"").ReadString(chars, 2, out int length));
        Assert.Equal(4, length);
        StrictJsonReader tooLong = Reader("\"abc\"");
        Assert.False(tooLong.ReadString(chars, 2, out _));
        Assert.Equal(JsonReadError.InvalidValue, tooLong.Error);
        Assert.Contains("longer than 2", tooLong.ErrorDetail, StringComparison.Ordinal);
    }

    [Property(MaxTest = 3000)]
    public Property Reads_what_System_Text_Json_writes(string? value, bool escapeNonAscii)
    {
        string text = JsonBufferWriterTests.ValidUtf16(value ?? string.Empty);
        JavaScriptEncoder encoder = escapeNonAscii ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(text, new JsonSerializerOptions { Encoder = encoder });
        var reader = new StrictJsonReader();
        reader.Reset(json, 0, json.Length);
        var chars = new char[2 * Math.Max(1, text.Length)];
        return (reader.ReadString(chars, text.Length, out int length) && new string(chars, 0, length) == text).Label(Encoding.UTF8.GetString(json));
    }

    [Property(MaxTest = 5000)]
    public Property Accepts_string_bytes_exactly_when_they_are_valid_UTF8_without_control_characters(byte[] content)
    {
        byte[] json = [(byte)'"', .. content.Select(b => b == (byte)'"' || b == (byte)'\\' ? (byte)'x' : b), (byte)'"'];
        var reader = new StrictJsonReader();
        reader.Reset(json, 0, json.Length);
        bool accepted = reader.ReadString(new char[2 * json.Length], json.Length, out _);

        bool valid;
        try
        {
            _ = new UTF8Encoding(false, true).GetString(json);
            valid = !json.Any(b => b < 0x20);
        }
        catch (DecoderFallbackException)
        {
            valid = false;
        }

        return (accepted == valid).Label(Convert.ToHexString(json));
    }

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData(" 1767225600000 ", 1767225600000UL)]
    [InlineData("9007199254740991", 9007199254740991UL)]
    public void Reads_unsigned_integers(string json, ulong expected)
    {
        StrictJsonReader reader = Reader(json);

        Assert.True(reader.ReadUnsignedInteger(9007199254740991UL, out ulong value), reader.ErrorDetail);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("9007199254740992", JsonReadError.InvalidValue, "larger than 9007199254740991")]
    [InlineData("-1", JsonReadError.InvalidValue, "negative")]
    [InlineData("1.0", JsonReadError.InvalidValue, "digits only")]
    [InlineData("1e3", JsonReadError.InvalidValue, "digits only")]
    [InlineData("01", JsonReadError.InvalidValue, "leading zeros")]
    [InlineData("\"1\"", JsonReadError.WrongType, "expected an integer, found a string")]
    [InlineData("null", JsonReadError.WrongType, "found null")]
    [InlineData("1x", JsonReadError.Malformed, "after a value")]
    [InlineData("", JsonReadError.Malformed, "end of input")]
    [InlineData("\u000b1", JsonReadError.Malformed, "byte 0x0B")]
    public void Rejects_what_is_not_a_plain_integer(string json, JsonReadError error, string detail)
    {
        StrictJsonReader reader = Reader(json);

        Assert.False(reader.ReadUnsignedInteger(9007199254740991UL, out _));
        Assert.Equal(error, reader.Error);
        Assert.Contains(detail, reader.ErrorDetail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"0\"", 0UL)]
    [InlineData("\"18446744073709551615\"", ulong.MaxValue)]
    public void Reads_unsigned_64_bit_integers_in_strings(string json, ulong expected)
    {
        StrictJsonReader reader = Reader(json);

        Assert.True(reader.ReadUnsignedString(out ulong value), reader.ErrorDetail);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("\"18446744073709551616\"", JsonReadError.InvalidValue)]
    [InlineData("\"\"", JsonReadError.InvalidValue)]
    [InlineData("\"007\"", JsonReadError.InvalidValue)]
    [InlineData("\"-1\"", JsonReadError.InvalidValue)]
    [InlineData("\"12 \"", JsonReadError.InvalidValue)]
    [InlineData("12", JsonReadError.WrongType)]
    public void Rejects_seq_strings_that_are_not_canonical_uint64(string json, JsonReadError error)
    {
        StrictJsonReader reader = Reader(json);

        Assert.False(reader.ReadUnsignedString(out _));
        Assert.Equal(error, reader.Error);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Reads_booleans(string json, bool expected)
    {
        StrictJsonReader reader = Reader(json);

        Assert.True(reader.ReadBoolean(out bool value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("tru")]
    [InlineData("truex")]
    [InlineData("True")]
    [InlineData("fals")]
    public void Rejects_misspelt_literals(string json)
    {
        StrictJsonReader reader = Reader(json);

        Assert.False(reader.ReadBoolean(out _));
        Assert.Equal(JsonReadError.Malformed, reader.Error);
    }

    [Theory]
    [InlineData("null", true)]
    [InlineData("-12.5e-1", false)]
    public void Reads_a_number_or_null(string json, bool isNull)
    {
        StrictJsonReader reader = Reader(json);

        Assert.True(reader.ReadNumberOrNull(out double value));
        Assert.Equal(isNull, double.IsNaN(value));
        Assert.True(isNull || value == -1.25);
    }

    [Theory]
    [InlineData("1e400", JsonReadError.InvalidValue, "beyond the float64 range")]
    [InlineData("01", JsonReadError.Malformed, "after a value")]
    [InlineData("1.5.3", JsonReadError.Malformed, "after a value")]
    [InlineData("NaN", JsonReadError.Malformed, "expected a number")]
    [InlineData("\"1\"", JsonReadError.WrongType, "found a string")]
    [InlineData("[1]", JsonReadError.WrongType, "found an array")]
    [InlineData("nul", JsonReadError.Malformed, "expected 'null'")]
    public void Rejects_what_is_not_a_finite_JSON_number(string json, JsonReadError error, string detail)
    {
        StrictJsonReader reader = Reader(json);

        Assert.False(reader.ReadNumberOrNull(out _));
        Assert.Equal(error, reader.Error);
        Assert.Contains(detail, reader.ErrorDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_the_first_error()
    {
        StrictJsonReader reader = Reader("x");

        Assert.False(reader.Expect('{', "'{'"));
        Assert.False(reader.ExpectEnd());
        Assert.Equal("expected '{', found 'x'", reader.ErrorDetail);
    }

    private static StrictJsonReader Reader(string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var reader = new StrictJsonReader();
        reader.Reset(bytes, 0, bytes.Length);
        return reader;
    }
}
