using System.Text;
using EdgeSensors.Alarms;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Portable.Tests.Telemetry.Codec;

/// <summary>
/// Each way a payload can break the contract is rejected with its own status, the member path, the byte offset
/// and a reason a person can act on.
/// </summary>
public class TelemetryDecoderErrorTests
{
    private const string Reading = """{"tag":"t1","value":1,"unit":"m","quality":"good","time_ms":0,"seq":"1"}""";
    private const string Batch = """{"schema":1,"source":"gw-1","backfill":false,"readings":[""" + Reading + "]}";
    private const string Alarm = """{"schema":1,"source":"gw-1","backfill":false,"tag":"t1","kind":"HH","state":"raised","value":9,"limit":8,"unit":"m","time_ms":0,"seq":"1","latched":true}""";

    public static TheoryData<string, string, TelemetryDecodeStatus, string, string, string?> BatchCases() => new()
    {
        // name, payload, status, error field, reason fragment, token whose offset the error names (null: not checked)
        { "empty payload", "", TelemetryDecodeStatus.Malformed, "", "expected an object, found end of input", null },
        { "an array", "[]", TelemetryDecodeStatus.WrongType, "", "expected an object, found an array", "[" },
        { "a byte order mark", "\uFEFF" + Batch, TelemetryDecodeStatus.Malformed, "", "found byte 0xEF", null },
        { "empty object", "{}", TelemetryDecodeStatus.MissingField, "", "the first member must be \"schema\"", "}" },
        { "schema not first", Batch.Replace("\"schema\":1,\"source\":\"gw-1\"", "\"source\":\"gw-1\",\"schema\":1"), TelemetryDecodeStatus.MissingField, "", "found \"source\"", "\"source\"" },
        { "future schema", Batch.Replace("\"schema\":1", "\"schema\":2"), TelemetryDecodeStatus.UnsupportedSchemaVersion, "schema", "schema version 2 is not supported", "2" },
        { "schema as a string", Batch.Replace("\"schema\":1", "\"schema\":\"1\""), TelemetryDecodeStatus.WrongType, "schema", "expected an integer, found a string", "\"1\"" },
        { "schema twice", Batch.Replace("\"backfill\"", "\"schema\":1,\"backfill\""), TelemetryDecodeStatus.DuplicateField, "schema", "appears twice", "\"schema\":1,\"backfill\"" },
        { "source twice", Batch.Replace("\"backfill\"", "\"source\":\"gw-1\",\"backfill\""), TelemetryDecodeStatus.DuplicateField, "source", "appears twice", null },
        { "unknown member", Batch.Replace("\"backfill\"", "\"sauce\":1,\"backfill\""), TelemetryDecodeStatus.UnknownField, "sauce", "not a member of schema version 1", "\"sauce\"" },
        { "very long member name", Batch.Replace("\"backfill\"", "\"" + new string('x', 40) + "\":1,\"backfill\""), TelemetryDecodeStatus.UnknownField, "", "longer than 32 characters", "\"xxx" },
        { "missing readings", Batch[..Batch.IndexOf(",\"readings\"", StringComparison.Ordinal)] + "}", TelemetryDecodeStatus.MissingField, "readings", "is required", null },
        { "invalid source", Batch.Replace("gw-1", "gw/1"), TelemetryDecodeStatus.InvalidValue, "source", "source id 'gw/1' is not valid", "\"gw/1\"" },
        { "backfill as a string", Batch.Replace("false", "\"false\""), TelemetryDecodeStatus.WrongType, "backfill", "expected true or false, found a string", "\"false\"" },
        { "no readings", Batch[..Batch.IndexOf('[', StringComparison.Ordinal)] + "[]}", TelemetryDecodeStatus.InvalidValue, "readings", "at least one reading", "]}" },
        { "readings not an array", Batch[..Batch.IndexOf('[', StringComparison.Ordinal)] + Reading + "}", TelemetryDecodeStatus.WrongType, "readings", "expected an array, found an object", "{\"tag\"" },
        { "trailing comma", Batch.Replace("]}", ",]}"), TelemetryDecodeStatus.Malformed, "readings[1]", "expected an object, found ']'", "]}" },
        { "missing seq", Batch.Replace(",\"seq\":\"1\"", string.Empty), TelemetryDecodeStatus.MissingField, "readings[0].seq", "is required", "{\"tag\"" },
        { "unknown quality", Batch.Replace("\"good\"", "\"bad\""), TelemetryDecodeStatus.InvalidValue, "readings[0].quality", "unknown quality \"bad\"; expected good, stale, comm_failure, out_of_range or sensor_fault", "\"bad\"" },
        { "quality in capitals", Batch.Replace("\"good\"", "\"GOOD\""), TelemetryDecodeStatus.InvalidValue, "readings[0].quality", "unknown quality \"GOOD\"", null },
        { "seq as a number", Batch.Replace("\"seq\":\"1\"", "\"seq\":1"), TelemetryDecodeStatus.WrongType, "readings[0].seq", "expected a string of decimal digits, found a number", null },
        { "seq with a leading zero", Batch.Replace("\"seq\":\"1\"", "\"seq\":\"01\""), TelemetryDecodeStatus.InvalidValue, "readings[0].seq", "leading zeros", null },
        { "seq above 2^64", Batch.Replace("\"seq\":\"1\"", "\"seq\":\"18446744073709551616\""), TelemetryDecodeStatus.InvalidValue, "readings[0].seq", "larger than 18446744073709551615", null },
        { "fractional time", Batch.Replace("\"time_ms\":0", "\"time_ms\":1.5"), TelemetryDecodeStatus.InvalidValue, "readings[0].time_ms", "digits only", "1.5" },
        { "negative time", Batch.Replace("\"time_ms\":0", "\"time_ms\":-1"), TelemetryDecodeStatus.InvalidValue, "readings[0].time_ms", "negative", "-1," },
        { "time past 2^53", Batch.Replace("\"time_ms\":0", "\"time_ms\":9007199254740992"), TelemetryDecodeStatus.InvalidValue, "readings[0].time_ms", "larger than 9007199254740991", null },
        { "value as a string", Batch.Replace("\"value\":1", "\"value\":\"1\""), TelemetryDecodeStatus.WrongType, "readings[0].value", "expected a number, found a string", "\"1\"" },
        { "value NaN", Batch.Replace("\"value\":1", "\"value\":NaN"), TelemetryDecodeStatus.Malformed, "readings[0].value", "expected a number, found 'N'", "NaN" },
        { "value beyond float64", Batch.Replace("\"value\":1", "\"value\":1e400"), TelemetryDecodeStatus.InvalidValue, "readings[0].value", "beyond the float64 range", "1e400" },
        { "value with a leading zero", Batch.Replace("\"value\":1", "\"value\":01"), TelemetryDecodeStatus.Malformed, "readings[0].value", "unexpected '1' after a value", null },
        { "null value with quality good", Batch.Replace("\"value\":1", "\"value\":null"), TelemetryDecodeStatus.InvalidValue, "readings[0].value", "null with quality good", "{\"tag\"" },
        { "invalid tag", Batch.Replace("\"t1\"", "\"tk 101\""), TelemetryDecodeStatus.InvalidValue, "readings[0].tag", "tag 'tk 101' is not valid", "\"tk 101\"" },
        { "unit too long", Batch.Replace("\"unit\":\"m\"", "\"unit\":\"" + new string('m', 17) + "\""), TelemetryDecodeStatus.InvalidValue, "readings[0].unit", "longer than 16 characters", "\"mmm" },
        { "seq not ascending", Batch.Replace(Reading, Reading + "," + Reading), TelemetryDecodeStatus.InvalidValue, "readings[1].seq", "seq 1 is not above the previous reading's 1", null },
        { "missing colon", Batch.Replace("\"source\":", "\"source\""), TelemetryDecodeStatus.Malformed, "", "expected ':' after the member name, found '\"'", "\"gw-1\"" },
        { "missing comma", Batch.Replace(",\"backfill\"", "\"backfill\""), TelemetryDecodeStatus.Malformed, "", "expected ',' or '}', found '\"'", "\"backfill\"" },
        { "unterminated", Batch[..^2], TelemetryDecodeStatus.Malformed, "readings", "expected ',' or ']', found end of input", null },
        { "content after the object", Batch + " x", TelemetryDecodeStatus.Malformed, "", "content after the end of the message: 'x'", "x" },
        { "raw tab in a string", Batch.Replace("\"t1\"", "\"t\t1\""), TelemetryDecodeStatus.Malformed, "readings[0].tag", "control character 0x09", "\t" },
    };

    [Theory]
    [MemberData(nameof(BatchCases))]
    public void A_broken_batch_is_rejected_with_field_offset_and_reason(string name, string payload, TelemetryDecodeStatus status, string field, string reason, string? token)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(payload);
        var decoder = new TelemetryDecoder();

        TelemetryDecodeStatus actual = decoder.DecodeBatch(bytes, 0, bytes.Length, new TelemetryBatch(4));

        Assert.True(status == actual, name + ": " + actual + " " + decoder.ErrorMessage);
        AssertError(decoder, payload, field, reason, token);
    }

    public static TheoryData<string, string, TelemetryDecodeStatus, string, string, string?> AlarmCases() => new()
    {
        { "limit alarm without a limit", Alarm.Replace("\"limit\":8", "\"limit\":null"), TelemetryDecodeStatus.InvalidValue, "limit", "a limit alarm must carry the limit it crossed", "null" },
        { "sensor fault with a limit", Alarm.Replace("\"HH\"", "\"sensor_fault\""), TelemetryDecodeStatus.InvalidValue, "limit", "must be null for a sensor_fault alarm", "8" },
        { "unknown kind", Alarm.Replace("\"HH\"", "\"HHH\""), TelemetryDecodeStatus.InvalidValue, "kind", "unknown kind \"HHH\"; expected HH, H, L, LL, rate or sensor_fault", "\"HHH\"" },
        { "unknown state", Alarm.Replace("\"raised\"", "\"open\""), TelemetryDecodeStatus.InvalidValue, "state", "unknown state \"open\"; expected raised, returned, acknowledged or cleared", "\"open\"" },
        { "missing latched", Alarm.Replace(",\"latched\":true", string.Empty), TelemetryDecodeStatus.MissingField, "latched", "is required", "}" },
        { "quality in an alarm", Alarm.Replace("\"latched\"", "\"quality\":\"good\",\"latched\""), TelemetryDecodeStatus.UnknownField, "quality", "not a member", "\"quality\"" },
        { "latched as a number", Alarm.Replace("\"latched\":true", "\"latched\":1"), TelemetryDecodeStatus.WrongType, "latched", "expected true or false, found a number", "1}" },
    };

    [Theory]
    [MemberData(nameof(AlarmCases))]
    public void A_broken_alarm_is_rejected_with_field_offset_and_reason(string name, string payload, TelemetryDecodeStatus status, string field, string reason, string? token)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(payload);
        var decoder = new TelemetryDecoder();
        var alarm = new AlarmMessage { Tag = "untouched" };

        TelemetryDecodeStatus actual = decoder.DecodeAlarm(bytes, 0, bytes.Length, alarm);

        Assert.True(status == actual, name + ": " + actual + " " + decoder.ErrorMessage);
        AssertError(decoder, payload, field, reason, token);
        Assert.Equal("untouched", alarm.Tag);
    }

    [Fact]
    public void More_readings_than_the_destination_holds_is_its_own_status()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Batch.Replace(Reading, Reading + "," + Reading.Replace("\"1\"", "\"2\"")));
        var decoder = new TelemetryDecoder();

        Assert.Equal(TelemetryDecodeStatus.TooManyReadings, decoder.DecodeBatch(bytes, 0, bytes.Length, new TelemetryBatch(1)));
        Assert.Equal("readings[1]", decoder.ErrorField);
        Assert.Contains("more than 1 readings", decoder.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_count_from_the_start_of_the_payload_not_of_the_array()
    {
        byte[] payload = Encoding.UTF8.GetBytes(Batch.Replace("\"good\"", "\"bad\""));
        var framed = new byte[payload.Length + 10];
        payload.CopyTo(framed, 7);
        var decoder = new TelemetryDecoder();

        Assert.Equal(TelemetryDecodeStatus.InvalidValue, decoder.DecodeBatch(framed, 7, payload.Length, new TelemetryBatch(4)));
        Assert.Equal(Encoding.UTF8.GetString(payload).IndexOf("\"bad\"", StringComparison.Ordinal), decoder.ErrorOffset);
    }

    [Fact]
    public void Whitespace_between_tokens_is_allowed_and_members_come_in_any_order_after_schema()
    {
        string spaced = " {\n \"schema\" : 1 ,\r\n\t\"readings\" : [ { \"seq\" : \"7\" , \"time_ms\" : 5 , \"quality\" : \"stale\" , \"unit\" : \"\" , \"value\" : -0.0 , \"tag\" : \"a\" } ] , \"backfill\" : true , \"source\" : \"s\" } \n";
        byte[] bytes = Encoding.UTF8.GetBytes(spaced);
        var batch = new TelemetryBatch(1);

        Assert.Equal(TelemetryDecodeStatus.Ok, new TelemetryDecoder().DecodeBatch(bytes, 0, bytes.Length, batch));
        Assert.Equal(("s", true, 1), (batch.Source, batch.Backfill, batch.Count));
        Assert.Equal(("a", string.Empty, SignalQuality.Stale, 5L, 7UL), (batch[0].Tag, batch[0].Unit, batch[0].Quality, batch[0].TimeMs, batch[0].Seq));
        Assert.True(double.IsNegative(batch[0].Value) && batch[0].Value == 0);
    }

    [Fact]
    public void Invalid_arguments_are_the_only_exceptions()
    {
        var decoder = new TelemetryDecoder();
        var batch = new TelemetryBatch(1);

        Assert.Throws<ArgumentNullException>(() => decoder.DecodeBatch(null!, 0, 0, batch));
        Assert.Throws<ArgumentNullException>(() => decoder.DecodeBatch([], 0, 0, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.DecodeBatch(new byte[4], 2, 3, batch));
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.DecodeAlarm(new byte[4], -1, 1, new AlarmMessage()));
    }

    private static void AssertError(TelemetryDecoder decoder, string payload, string field, string reason, string? token)
    {
        Assert.Equal(field, decoder.ErrorField);
        Assert.Contains(reason, decoder.ErrorMessage, StringComparison.Ordinal);
        Assert.EndsWith("(at byte " + decoder.ErrorOffset + ")", decoder.ErrorMessage, StringComparison.Ordinal);
        Assert.True(field.Length == 0 || decoder.ErrorMessage.StartsWith(field + ": ", StringComparison.Ordinal), decoder.ErrorMessage);
        if (token != null)
        {
            int expected = Encoding.UTF8.GetByteCount(payload[..payload.IndexOf(token, StringComparison.Ordinal)]);
            Assert.True(expected == decoder.ErrorOffset, decoder.ErrorMessage + " should point at byte " + expected);
        }
    }
}
