using EdgeSensors.Telemetry.Json;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Node.Config;

/// <summary>
/// Typed reads over <see cref="StrictJsonReader"/> for the config document. Each read returns false on a problem and
/// leaves <see cref="Error"/> naming the key path ("devices[0].tags[2].type"), what was wrong and how to fix it.
/// </summary>
internal sealed class ConfigReader
{
    /// <summary>Longest key or string value, in code points.</summary>
    public const int MaxText = 64;

    private readonly StrictJsonReader _json = new StrictJsonReader();
    private readonly char[] _chars = new char[MaxText * 2];
    private int _keyLength;

    public string Error { get; private set; } = "";

    public void Reset(byte[] body, int offset, int length)
    {
        _json.Reset(body, offset, length);
        Error = "";
    }

    public bool ObjectStart(string path)
    {
        return _json.ReadObjectStart() || JsonFailure(path);
    }

    public bool ArrayStart(string path)
    {
        return _json.ReadArrayStart() || JsonFailure(path);
    }

    /// <summary>Reads the next member name of an object; false at its end (with no error) or on a problem.</summary>
    public bool NextKey(bool first, string path)
    {
        if (_json.TryConsume('}'))
        {
            return false;
        }

        if (!first && !_json.Expect(',', "',' or '}'"))
        {
            return JsonFailure(path);
        }

        if (!_json.ReadString(_chars, MaxText, out _keyLength) || !_json.Expect(':', "':'"))
        {
            return JsonFailure(path);
        }

        return true;
    }

    /// <summary>True when another array element follows; false at the array's end or on a problem.</summary>
    public bool NextElement(bool first, string path)
    {
        if (_json.TryConsume(']'))
        {
            return false;
        }

        return first || _json.Expect(',', "',' or ']'") || JsonFailure(path);
    }

    public bool HasError => Error.Length > 0;

    public bool KeyIs(string name)
    {
        return WireNames.Matches(_chars, _keyLength, name);
    }

    public string Key => new string(_chars, 0, _keyLength);

    public bool UnknownKey(string path, string known)
    {
        return Fail(path + ": unknown key '" + Key + "'; known keys are " + known);
    }

    public bool String(string path, out string value)
    {
        value = "";
        if (!_json.ReadString(_chars, MaxText, out int length))
        {
            return JsonFailure(path);
        }

        value = new string(_chars, 0, length);
        return true;
    }

    /// <summary>Reads a string and matches it against <paramref name="names"/>; returns its index or fails naming the choices.</summary>
    public bool Choice(string path, string[] names, out int index)
    {
        index = -1;
        if (!_json.ReadString(_chars, MaxText, out int length))
        {
            return JsonFailure(path);
        }

        for (int i = 0; i < names.Length; i++)
        {
            if (WireNames.Matches(_chars, length, names[i]))
            {
                index = i;
                return true;
            }
        }

        return Fail(path + ": '" + new string(_chars, 0, length) + "' is not one of " + Join(names));
    }

    public bool Number(string path, out double value)
    {
        return _json.ReadNumber(out value) || JsonFailure(path);
    }

    /// <summary>A whole number in [min, max].</summary>
    public bool Integer(string path, long min, long max, string unit, out long value)
    {
        value = 0;
        if (!_json.ReadNumber(out double number))
        {
            return JsonFailure(path);
        }

        if (number < min || number > max || number != (long)number)
        {
            return Fail(path + " = " + number.ToString() + unit + " must be a whole number from " + min.ToString() + " to " + max.ToString() + unit);
        }

        value = (long)number;
        return true;
    }

    /// <summary>Seconds (a number, fractions allowed) in [0, max], returned in ms.</summary>
    public bool Seconds(string path, double max, out long ms)
    {
        ms = 0;
        if (!_json.ReadNumber(out double seconds))
        {
            return JsonFailure(path);
        }

        if (!(seconds >= 0) || seconds > max)
        {
            return Fail(path + " = " + seconds.ToString() + " s must be from 0 s to " + max.ToString() + " s");
        }

        ms = (long)((seconds * 1000) + 0.5);
        return true;
    }

    public bool Boolean(string path, out bool value)
    {
        return _json.ReadBoolean(out value) || JsonFailure(path);
    }

    public bool End()
    {
        return _json.ExpectEnd() || JsonFailure("document");
    }

    public bool Fail(string message)
    {
        if (Error.Length == 0)
        {
            Error = message;
        }

        return false;
    }

    internal static string Join(string[] names)
    {
        string text = "";
        for (int i = 0; i < names.Length; i++)
        {
            text += (i == 0 ? "" : ", ") + names[i];
        }

        return text;
    }

    private bool JsonFailure(string path)
    {
        return Fail(path + ": " + _json.ErrorDetail + " (at byte " + _json.ErrorOffset.ToString() + ")");
    }
}
