using System.Text;
using System.Text.Json;
using EdgeSensors.Telemetry.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Telemetry.Json;

public class JsonBufferWriterTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c/d", "\"a\\\"b\\\\c/d\"")]
    [InlineData("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"")]
    [InlineData("\u0000\u0001\u001f", "\"\\u0000\\u0001\\u001f\"")]
    [InlineData("\u007f\u2028", "\"\u007f\u2028\"")]
    [InlineData("°C m³ %LEL µg/m³", "\"°C m³ %LEL µg/m³\"")]
    [InlineData("\U0001F600", "\"\U0001F600\"")]
    public void Escapes_only_what_RFC_8259_requires_and_writes_the_rest_as_UTF8(string value, string expectedJson)
    {
        (byte[] bytes, JsonBufferWriter writer) = Write(w => w.WriteString(value));

        Assert.False(writer.InvalidText);
        Assert.Equal(Encoding.UTF8.GetBytes(expectedJson), bytes);
        Assert.Equal(value, JsonDocument.Parse(bytes).RootElement.GetString());
    }

    [Theory]
    [InlineData(new[] { 0xD800 })]
    [InlineData(new[] { 'a', 0xDC00, 'b' })]
    [InlineData(new[] { 0xD800, 0xD800 })]
    [InlineData(new[] { 0xDC00, 0xD800 })]
    public void Flags_a_lone_surrogate_which_UTF8_cannot_carry(int[] units)
    {
        // Built from code units: attribute strings cannot hold a lone surrogate.
        string value = new(units.Select(u => (char)u).ToArray());
        (_, JsonBufferWriter writer) = Write(w => w.WriteString(value));

        Assert.True(writer.InvalidText);
    }

    [Property(MaxTest = 3000)]
    public Property Any_valid_text_reads_back_identically_with_System_Text_Json(string? value)
    {
        string text = ValidUtf16(value ?? string.Empty);
        (byte[] bytes, JsonBufferWriter writer) = Write(w => w.WriteString(text));
        return (!writer.InvalidText && JsonDocument.Parse(bytes).RootElement.GetString() == text).Label(text);
    }

    [Fact]
    public void Separates_members_and_elements_with_commas_and_no_whitespace()
    {
        (byte[] bytes, _) = Write(w =>
        {
            w.BeginObject();
            w.WriteName("a");
            w.WriteInteger(long.MinValue);
            w.WriteName("b");
            w.BeginArray();
            w.BeginObject();
            w.EndObject();
            w.BeginObject();
            w.WriteName("c");
            w.WriteNull();
            w.EndObject();
            w.WriteBoolean(true);
            w.WriteNumberOrNull(double.NaN);
            w.WriteNumberOrNull(-2.5);
            w.WriteUnsignedAsString(ulong.MaxValue);
            w.EndArray();
            w.WriteName("d");
            w.WriteInteger(0);
            w.EndObject();
        });

        Assert.Equal("{\"a\":-9223372036854775808,\"b\":[{},{\"c\":null},true,null,-2.5,\"18446744073709551615\"],\"d\":0}", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Stops_at_the_end_of_the_buffer_and_says_so()
    {
        var buffer = new byte[12];
        var writer = new JsonBufferWriter();
        writer.Reset(buffer, 2);
        writer.BeginObject();
        writer.WriteName("name");
        writer.WriteString("longer than the buffer");
        writer.EndObject();

        Assert.True(writer.Overflowed);
        Assert.Equal(buffer.Length, writer.Position);
        Assert.Equal(new byte[] { 0, 0 }, buffer[..2]);
        Assert.Equal("{\"name\":\"l", Encoding.UTF8.GetString(buffer, 2, 10));
    }

    [Fact]
    public void A_number_that_does_not_fit_is_not_cut_short()
    {
        var buffer = new byte[4];
        var writer = new JsonBufferWriter();
        writer.Reset(buffer, 0);
        writer.WriteNumberOrNull(123.456);

        Assert.True(writer.Overflowed);
        Assert.Equal(0, writer.Position);
    }

    /// <summary>Replaces lone surrogates (which FsCheck's strings contain) so the text is valid UTF-16.</summary>
    internal static string ValidUtf16(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(value[i]).Append(value[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(value[i]) ? '\ufffd' : value[i]);
            }
        }

        return builder.ToString();
    }

    private static (byte[] Bytes, JsonBufferWriter Writer) Write(Action<JsonBufferWriter> write)
    {
        var buffer = new byte[4096];
        var writer = new JsonBufferWriter();
        writer.Reset(buffer, 0);
        write(writer);
        Assert.False(writer.Overflowed);
        return (buffer[..writer.Position], writer);
    }
}
