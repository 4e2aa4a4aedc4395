namespace EdgeSensors.Telemetry.Json;

/// <summary>
/// Writes compact JSON (no whitespace) as UTF-8 into a caller's byte[]. It never throws on a full buffer: it
/// stops writing and sets <see cref="Overflowed"/>, so an encoder checks once at the end. Strings are escaped
/// per RFC 8259: '"', '\' and U+0000-U+001F; everything else is written as UTF-8. A string holding a lone
/// surrogate cannot be UTF-8 and sets <see cref="InvalidText"/>. Allocates nothing after construction.
/// </summary>
public sealed class JsonBufferWriter
{
    private const int MaxDepth = 8;
    private const string Hex = "0123456789abcdef";

    private readonly ShortestDoubleFormatter _doubles = new ShortestDoubleFormatter();
    private readonly bool[] _hasItems = new bool[MaxDepth + 1];
    private readonly byte[] _integer = new byte[20];
    private byte[] _buffer = new byte[0];
    private int _position;
    private int _depth;
    private bool _afterName;

    /// <summary>The index after the last byte written.</summary>
    public int Position => _position;

    /// <summary>Something did not fit; the output is incomplete.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>A string held a lone UTF-16 surrogate, which UTF-8 cannot carry; it was not written.</summary>
    public bool InvalidText { get; private set; }

    public void Reset(byte[] buffer, int offset)
    {
        _buffer = buffer;
        _position = offset;
        _depth = 0;
        _afterName = false;
        _hasItems[0] = false;
        Overflowed = offset < 0 || offset > buffer.Length;
        InvalidText = false;
    }

    public void BeginObject()
    {
        BeforeValue();
        Open((byte)'{');
    }

    public void EndObject()
    {
        Close((byte)'}');
    }

    public void BeginArray()
    {
        BeforeValue();
        Open((byte)'[');
    }

    public void EndArray()
    {
        Close((byte)']');
    }

    /// <summary>Writes "name": (with a leading comma when needed). Names are this contract's ASCII constants.</summary>
    public void WriteName(string name)
    {
        if (_hasItems[_depth])
        {
            Put((byte)',');
        }

        _hasItems[_depth] = true;
        Put((byte)'"');
        for (int i = 0; i < name.Length; i++)
        {
            Put((byte)name[i]);
        }

        Put((byte)'"');
        Put((byte)':');
        _afterName = true;
    }

    public void WriteString(string value)
    {
        BeforeValue();
        Put((byte)'"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c < 0x80)
            {
                Ascii(c);
            }
            else if (c < 0x800)
            {
                Put((byte)(0xC0 | (c >> 6)));
                Put((byte)(0x80 | (c & 0x3F)));
            }
            else if (c >= 0xD800 && c <= 0xDFFF)
            {
                char low = i + 1 < value.Length ? value[i + 1] : '\0';
                if (c > 0xDBFF || low < 0xDC00 || low > 0xDFFF)
                {
                    InvalidText = true;
                    continue;
                }

                int codePoint = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                i++;
                Put((byte)(0xF0 | (codePoint >> 18)));
                Put((byte)(0x80 | ((codePoint >> 12) & 0x3F)));
                Put((byte)(0x80 | ((codePoint >> 6) & 0x3F)));
                Put((byte)(0x80 | (codePoint & 0x3F)));
            }
            else
            {
                Put((byte)(0xE0 | (c >> 12)));
                Put((byte)(0x80 | ((c >> 6) & 0x3F)));
                Put((byte)(0x80 | (c & 0x3F)));
            }
        }

        Put((byte)'"');
    }

    /// <summary>A finite double in shortest round-trip form; NaN and infinities are written as null.</summary>
    public void WriteNumberOrNull(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            WriteNull();
            return;
        }

        BeforeValue();
        if (Overflowed)
        {
            return;
        }

        int written = _doubles.Write(value, _buffer, _position);
        if (written < 0)
        {
            Overflowed = true;
            return;
        }

        _position += written;
    }

    public void WriteInteger(long value)
    {
        BeforeValue();
        if (value < 0)
        {
            Put((byte)'-');
            UnsignedDigits((ulong)(-(value + 1)) + 1);
        }
        else
        {
            UnsignedDigits((ulong)value);
        }
    }

    /// <summary>An unsigned 64-bit integer as a JSON string of decimal digits, so no consumer rounds it to a double.</summary>
    public void WriteUnsignedAsString(ulong value)
    {
        BeforeValue();
        Put((byte)'"');
        UnsignedDigits(value);
        Put((byte)'"');
    }

    public void WriteBoolean(bool value)
    {
        BeforeValue();
        WriteLiteral(value ? "true" : "false");
    }

    public void WriteNull()
    {
        BeforeValue();
        WriteLiteral("null");
    }

    private void Ascii(char c)
    {
        switch (c)
        {
            case '"':
                Put((byte)'\\');
                Put((byte)'"');
                return;
            case '\\':
                Put((byte)'\\');
                Put((byte)'\\');
                return;
            case '\n':
                Put((byte)'\\');
                Put((byte)'n');
                return;
            case '\r':
                Put((byte)'\\');
                Put((byte)'r');
                return;
            case '\t':
                Put((byte)'\\');
                Put((byte)'t');
                return;
            case '\b':
                Put((byte)'\\');
                Put((byte)'b');
                return;
            case '\f':
                Put((byte)'\\');
                Put((byte)'f');
                return;
        }

        if (c < 0x20)
        {
            Put((byte)'\\');
            Put((byte)'u');
            Put((byte)'0');
            Put((byte)'0');
            Put((byte)Hex[c >> 4]);
            Put((byte)Hex[c & 0xF]);
            return;
        }

        Put((byte)c);
    }

    private void UnsignedDigits(ulong value)
    {
        int count = 0;
        do
        {
            _integer[count++] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
        while (value != 0);

        while (count > 0)
        {
            Put(_integer[--count]);
        }
    }

    private void WriteLiteral(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            Put((byte)text[i]);
        }
    }

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_hasItems[_depth])
        {
            Put((byte)',');
        }

        _hasItems[_depth] = true;
    }

    private void Open(byte bracket)
    {
        Put(bracket);
        if (_depth < MaxDepth)
        {
            _depth++;
        }

        _hasItems[_depth] = false;
    }

    private void Close(byte bracket)
    {
        Put(bracket);
        if (_depth > 0)
        {
            _depth--;
        }
    }

    private void Put(byte value)
    {
        if (_position >= _buffer.Length)
        {
            Overflowed = true;
            return;
        }

        if (!Overflowed)
        {
            _buffer[_position++] = value;
        }
    }
}
