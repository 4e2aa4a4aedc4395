namespace EdgeSensors.Telemetry.Json;

/// <summary>
/// Reads JSON values one at a time from a byte[] of UTF-8, for a decoder that knows which value comes next.
/// It accepts exactly RFC 8259: whitespace is space, tab, CR and LF; strings must be valid UTF-8 with no raw
/// control characters and no unpaired surrogate escapes; numbers follow the JSON grammar. Every read returns
/// false on the first problem and records it (<see cref="Error"/>, <see cref="ErrorDetail"/>, <see cref="ErrorOffset"/>);
/// nothing throws for any input. Strings are decoded into the caller's char[], so reading allocates nothing.
/// </summary>
public sealed class StrictJsonReader
{
    private readonly JsonNumberParser _numbers = new JsonNumberParser();
    private byte[] _buffer = new byte[0];
    private int _start;
    private int _position;
    private int _end;

    public JsonReadError Error { get; private set; }

    /// <summary>What was wrong, for a person: "expected ',' or '}', found 'x'".</summary>
    public string ErrorDetail { get; private set; } = "";

    /// <summary>Byte offset of the problem from the start of the payload.</summary>
    public int ErrorOffset { get; private set; }

    /// <summary>Byte offset of the next unread byte from the start of the payload.</summary>
    public int Offset => _position - _start;

    public void Reset(byte[] buffer, int start, int count)
    {
        _buffer = buffer;
        _start = start;
        _position = start;
        _end = start + count;
        Error = JsonReadError.None;
        ErrorDetail = "";
        ErrorOffset = 0;
    }

    /// <summary>Skips whitespace; true and consumed when the next byte is <paramref name="c"/>.</summary>
    public bool TryConsume(char c)
    {
        SkipWhitespace();
        if (_position < _end && _buffer[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    /// <summary>Skips whitespace and consumes <paramref name="c"/>, or fails naming what was expected.</summary>
    public bool Expect(char c, string expected)
    {
        if (TryConsume(c))
        {
            return true;
        }

        return Fail(JsonReadError.Malformed, "expected " + expected + ", found " + DescribeNext(), _position);
    }

    /// <summary>Consumes '{'; another JSON value there is a wrong type, anything else malformed.</summary>
    public bool ReadObjectStart()
    {
        if (!ExpectType('{', "an object"))
        {
            return false;
        }

        _position++;
        return true;
    }

    /// <summary>Consumes '['; another JSON value there is a wrong type, anything else malformed.</summary>
    public bool ReadArrayStart()
    {
        if (!ExpectType('[', "an array"))
        {
            return false;
        }

        _position++;
        return true;
    }

    /// <summary>Only whitespace may follow the top-level value.</summary>
    public bool ExpectEnd()
    {
        SkipWhitespace();
        return _position == _end || Fail(JsonReadError.Malformed, "content after the end of the message: " + DescribeNext(), _position);
    }

    /// <summary>
    /// Reads a string into <paramref name="chars"/> (UTF-16) and returns its length in chars. Fails when it has more
    /// than <paramref name="maxCodePoints"/> code points; <paramref name="chars"/> must hold twice that many chars.
    /// </summary>
    public bool ReadString(char[] chars, int maxCodePoints, out int length)
    {
        length = 0;
        if (!ExpectType('"', "a string"))
        {
            return false;
        }

        int tokenStart = _position;
        _position++;
        int codePoints = 0;
        while (true)
        {
            if (_position >= _end)
            {
                return Fail(JsonReadError.Malformed, "unterminated string", tokenStart);
            }

            int at = _position;
            int b = _buffer[_position++];
            if (b == '"')
            {
                return true;
            }

            int codePoint;
            if (b == '\\')
            {
                codePoint = ReadEscape(at);
            }
            else if (b < 0x20)
            {
                return Fail(JsonReadError.Malformed, "control character 0x" + Hex2(b) + " inside a string must be escaped", at);
            }
            else if (b < 0x80)
            {
                codePoint = b;
            }
            else
            {
                codePoint = ReadUtf8(b, at);
            }

            if (codePoint < 0)
            {
                return false;
            }

            if (++codePoints > maxCodePoints)
            {
                return Fail(JsonReadError.InvalidValue, "string longer than " + maxCodePoints.ToString() + " characters", tokenStart);
            }

            if (codePoint >= 0x10000)
            {
                codePoint -= 0x10000;
                chars[length++] = (char)(0xD800 + (codePoint >> 10));
                chars[length++] = (char)(0xDC00 + (codePoint & 0x3FF));
            }
            else
            {
                chars[length++] = (char)codePoint;
            }
        }
    }

    /// <summary>Reads a JSON number into the nearest double; beyond the double range fails.</summary>
    public bool ReadNumber(out double value)
    {
        value = 0;
        if (!ExpectType('0', "a number"))
        {
            return false;
        }

        int tokenStart = _position;
        JsonNumberStatus status = _numbers.Parse(_buffer, _position, _end, out value, out int next);
        if (status == JsonNumberStatus.Malformed)
        {
            return Fail(JsonReadError.Malformed, "malformed number", next);
        }

        _position = next;
        if (!EndOfScalar())
        {
            return false;
        }

        return status == JsonNumberStatus.Ok
            || Fail(JsonReadError.InvalidValue, "number " + Token(tokenStart, next) + " is beyond the float64 range (about 1.8e308)", tokenStart);
    }

    /// <summary>A number, or null read as NaN.</summary>
    public bool ReadNumberOrNull(out double value)
    {
        SkipWhitespace();
        if (_position < _end && _buffer[_position] == 'n')
        {
            value = double.NaN;
            return ReadLiteral("null");
        }

        return ReadNumber(out value);
    }

    public bool ReadBoolean(out bool value)
    {
        value = false;
        SkipWhitespace();
        if (_position < _end && _buffer[_position] == 't')
        {
            value = true;
            return ReadLiteral("true");
        }

        if (_position < _end && _buffer[_position] == 'f')
        {
            return ReadLiteral("false");
        }

        return ExpectType('t', "true or false");
    }

    /// <summary>
    /// A non-negative integer written as plain digits (no sign, fraction or exponent), at most <paramref name="max"/>.
    /// </summary>
    public bool ReadUnsignedInteger(ulong max, out ulong value)
    {
        value = 0;
        if (!ExpectType('0', "an integer"))
        {
            return false;
        }

        int tokenStart = _position;
        if (_buffer[tokenStart] == '-')
        {
            return Fail(JsonReadError.InvalidValue, "expected a non-negative integer, found a negative number", tokenStart);
        }

        if (!ReadDigits(max, out value, tokenStart))
        {
            return false;
        }

        if (_position < _end && (_buffer[_position] == '.' || _buffer[_position] == 'e' || _buffer[_position] == 'E'))
        {
            return Fail(JsonReadError.InvalidValue, "expected an integer written with digits only (no fraction or exponent)", tokenStart);
        }

        return EndOfScalar();
    }

    /// <summary>A string of decimal digits holding an unsigned 64-bit integer ("0" or no leading zeros).</summary>
    public bool ReadUnsignedString(out ulong value)
    {
        value = 0;
        if (!ExpectType('"', "a string of decimal digits"))
        {
            return false;
        }

        int tokenStart = _position;
        _position++;
        if (!ReadDigits(ulong.MaxValue, out value, tokenStart))
        {
            return false;
        }

        if (_position >= _end || _buffer[_position] != '"')
        {
            return Fail(JsonReadError.InvalidValue, "expected only decimal digits inside the quotes", tokenStart);
        }

        _position++;
        return true;
    }

    /// <summary>Describes the next token for an error message, without consuming it.</summary>
    public string DescribeNext()
    {
        SkipWhitespace();
        if (_position >= _end)
        {
            return "end of input";
        }

        byte b = _buffer[_position];
        return b >= 0x20 && b < 0x7F ? "'" + ((char)b).ToString() + "'" : "byte 0x" + Hex2(b);
    }

    /// <summary>Skips whitespace and returns the offset of the next token from the start of the payload.</summary>
    public int NextTokenOffset()
    {
        SkipWhitespace();
        return _position - _start;
    }

    private bool ReadDigits(ulong max, out ulong value, int tokenStart)
    {
        value = 0;
        int first = _position;
        while (_position < _end && _buffer[_position] >= '0' && _buffer[_position] <= '9')
        {
            ulong digit = (ulong)(_buffer[_position] - '0');
            if (value > max / 10 || (value == max / 10 && digit > max % 10))
            {
                return Fail(JsonReadError.InvalidValue, "integer larger than " + max.ToString(), tokenStart);
            }

            value = (value * 10) + digit;
            _position++;
        }

        if (_position == first)
        {
            return Fail(JsonReadError.InvalidValue, "expected decimal digits, found " + DescribeNext(), first);
        }

        if (_buffer[first] == '0' && _position - first > 1)
        {
            return Fail(JsonReadError.InvalidValue, "leading zeros are not allowed", first);
        }

        return true;
    }

    private bool ReadLiteral(string literal)
    {
        int tokenStart = _position;
        for (int i = 0; i < literal.Length; i++)
        {
            if (_position >= _end || _buffer[_position] != literal[i])
            {
                return Fail(JsonReadError.Malformed, "malformed literal, expected '" + literal + "'", tokenStart);
            }

            _position++;
        }

        return EndOfScalar();
    }

    /// <summary>A number or literal must be followed by whitespace, ',', '}', ']' or the end.</summary>
    private bool EndOfScalar()
    {
        if (_position >= _end)
        {
            return true;
        }

        byte b = _buffer[_position];
        if (b == ',' || b == '}' || b == ']' || IsWhitespace(b))
        {
            return true;
        }

        return Fail(JsonReadError.Malformed, "unexpected " + DescribeNext() + " after a value", _position);
    }

    /// <summary>Checks the kind of the next token: '"' a string, '0' a number, 't' a boolean, '{' an object, '[' an array.</summary>
    private bool ExpectType(char kind, string expected)
    {
        SkipWhitespace();
        if (_position >= _end)
        {
            return Fail(JsonReadError.Malformed, "expected " + expected + ", found end of input", _position);
        }

        byte b = _buffer[_position];
        char found;
        if (b == '"')
        {
            found = '"';
        }
        else if (b == '-' || (b >= '0' && b <= '9'))
        {
            found = '0';
        }
        else if (b == 't' || b == 'f')
        {
            found = 't';
        }
        else if (b == 'n' || b == '{' || b == '[')
        {
            found = (char)b;
        }
        else
        {
            return Fail(JsonReadError.Malformed, "expected " + expected + ", found " + DescribeNext(), _position);
        }

        if (found == kind)
        {
            return true;
        }

        return Fail(JsonReadError.WrongType, "expected " + expected + ", found " + KindName(found), _position);
    }

    /// <summary>Reads the escape after a backslash at <paramref name="at"/>; returns the code point or -1.</summary>
    private int ReadEscape(int at)
    {
        if (_position >= _end)
        {
            Fail(JsonReadError.Malformed, "unterminated escape", at);
            return -1;
        }

        byte b = _buffer[_position++];
        switch (b)
        {
            case (byte)'"': return '"';
            case (byte)'\\': return '\\';
            case (byte)'/': return '/';
            case (byte)'b': return '\b';
            case (byte)'f': return '\f';
            case (byte)'n': return '\n';
            case (byte)'r': return '\r';
            case (byte)'t': return '\t';
            case (byte)'u':
                break;
            default:
                Fail(JsonReadError.Malformed, "invalid escape '\\" + ((char)b).ToString() + "'", at);
                return -1;
        }

        int unit = ReadHex4(at);
        if (unit < 0xD800 || unit > 0xDFFF)
        {
            return unit;
        }

        if (unit <= 0xDBFF && _position + 1 < _end && _buffer[_position] == '\\' && _buffer[_position + 1] == 'u')
        {
            _position += 2;
            int low = ReadHex4(at);
            if (low >= 0xDC00 && low <= 0xDFFF)
            {
                return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }
        }

        if (unit >= 0)
        {
            Fail(JsonReadError.Malformed, "unpaired surrogate escape (not valid Unicode text)", at);
        }

        return -1;
    }

    private int ReadHex4(int at)
    {
        if (Error != JsonReadError.None)
        {
            return -1;
        }

        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            int digit = _position < _end ? HexValue(_buffer[_position]) : -1;
            if (digit < 0)
            {
                Fail(JsonReadError.Malformed, "\\u must be followed by 4 hex digits", at);
                return -1;
            }

            value = (value << 4) | digit;
            _position++;
        }

        return value;
    }

    /// <summary>Decodes the rest of a UTF-8 sequence led by <paramref name="lead"/> (RFC 3629: shortest form, no surrogates, up to U+10FFFF).</summary>
    private int ReadUtf8(int lead, int at)
    {
        int continuation;
        int codePoint;
        int min;
        if (lead >= 0xC2 && lead <= 0xDF)
        {
            continuation = 1;
            codePoint = lead & 0x1F;
            min = 0x80;
        }
        else if (lead >= 0xE0 && lead <= 0xEF)
        {
            continuation = 2;
            codePoint = lead & 0x0F;
            min = 0x800;
        }
        else if (lead >= 0xF0 && lead <= 0xF4)
        {
            continuation = 3;
            codePoint = lead & 0x07;
            min = 0x10000;
        }
        else
        {
            Fail(JsonReadError.Malformed, "invalid UTF-8 byte 0x" + Hex2(lead), at);
            return -1;
        }

        for (int i = 0; i < continuation; i++)
        {
            if (_position >= _end || (_buffer[_position] & 0xC0) != 0x80)
            {
                Fail(JsonReadError.Malformed, "truncated UTF-8 sequence", at);
                return -1;
            }

            codePoint = (codePoint << 6) | (_buffer[_position++] & 0x3F);
        }

        if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
        {
            Fail(JsonReadError.Malformed, "invalid UTF-8 sequence (overlong, surrogate or above U+10FFFF)", at);
            return -1;
        }

        return codePoint;
    }

    private void SkipWhitespace()
    {
        while (_position < _end && IsWhitespace(_buffer[_position]))
        {
            _position++;
        }
    }

    private bool Fail(JsonReadError error, string detail, int absolutePosition)
    {
        // Keep the first problem: later ones are usually its consequences.
        if (Error == JsonReadError.None)
        {
            Error = error;
            ErrorDetail = detail;
            ErrorOffset = absolutePosition - _start;
        }

        return false;
    }

    private string Token(int from, int to)
    {
        char[] chars = new char[to - from];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)_buffer[from + i];
        }

        return new string(chars);
    }

    private static string KindName(char kind)
    {
        switch (kind)
        {
            case '"': return "a string";
            case '0': return "a number";
            case 't': return "a boolean";
            case 'n': return "null";
            case '{': return "an object";
            default: return "an array";
        }
    }

    private static bool IsWhitespace(byte b)
    {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static int HexValue(byte b)
    {
        if (b >= '0' && b <= '9')
        {
            return b - '0';
        }

        if (b >= 'a' && b <= 'f')
        {
            return b - 'a' + 10;
        }

        if (b >= 'A' && b <= 'F')
        {
            return b - 'A' + 10;
        }

        return -1;
    }

    private static string Hex2(int b)
    {
        const string Digits = "0123456789ABCDEF";
        return Digits[(b >> 4) & 0xF].ToString() + Digits[b & 0xF].ToString();
    }
}
