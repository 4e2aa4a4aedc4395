using System;
using System.Collections;
using EdgeSensors.Alarms;
using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Node.Config;

/// <summary>
/// Parses and validates a node config document (compact JSON, every key in docs/firmware.md) into a new
/// <see cref="NodeConfig"/>. It either returns a whole, valid config or null with <see cref="Error"/> saying which key is
/// wrong and how to fix it; it never half-applies anything. Unknown keys are refused, so a typo is not silently ignored.
/// </summary>
public sealed class NodeConfigParser
{
    public const int MaxDevices = 16;

    public const int MaxTagsPerDevice = 32;

    public const int MaxOutputs = 8;

    internal static readonly string[] TypeNames = { "uint16", "int16", "uint32", "int32", "float32", "uint64", "int64", "float64" };
    internal static readonly string[] OrderNames = { "ABCD", "CDAB", "BADC", "DCBA" };
    internal static readonly string[] TableNames = { "holding", "input" };
    internal static readonly string[] ModeNames = { "while_active", "until_acknowledged" };
    internal static readonly string[] LevelNames = { "high", "low" };
    internal static readonly string[] KindNames = { "hh", "h", "l", "ll", "rate", "fault" };
    internal static readonly string[] DirectionNames = { "falling", "rising", "either" };

    private const string TopKeys = "node, prefix, buffer, alarm_buffer, batch, flash, status_s, devices, outputs";
    private const string DeviceKeys = "name, unit, poll_ms, timeout_ms, retries, tags";
    private const string TagKeys = "name, register, table, address, type, order, scale, offset, unit, min, max, fault_when, alarms";

    private const string FaultWhenKeys = "tag, bits";
    private const string AlarmKeys = "hh, h, l, ll, hysteresis, on_delay_s, off_delay_s, latch, rate_per_min, rate_window_s, rate_direction, fault, fault_delay_s";
    private const string OutputKeys = "name, pin, mode, active, drive";

    private readonly ConfigReader _reader = new ConfigReader();

    /// <summary>Why the last <see cref="Parse"/> returned null.</summary>
    public string Error => _reader.Error;

    /// <summary>The config in body[offset .. offset + length), or null (see <see cref="Error"/>).</summary>
    public NodeConfig? Parse(byte[] body, int offset, int length)
    {
        _reader.Reset(body, offset, length);
        NodeConfig? config = ReadDocument();
        if (config == null || !_reader.End())
        {
            return null;
        }

        return Validate(config) ? config : null;
    }

    private NodeConfig? ReadDocument()
    {
        string node = "";
        string prefix = TelemetryTopics.DefaultPrefix;
        long buffer = NodeConfig.DefaultBufferCapacity;
        long alarmBuffer = NodeConfig.DefaultAlarmBufferCapacity;
        long batch = NodeConfig.DefaultBatchSize;
        long statusMs = NodeConfig.DefaultStatusIntervalMs;
        bool flash = false;
        DeviceConfig[]? devices = null;
        OutputConfig[] outputs = new OutputConfig[0];
        if (!_reader.ObjectStart("document"))
        {
            return null;
        }

        for (bool first = true; _reader.NextKey(first, "document"); first = false)
        {
            bool ok;
            if (_reader.KeyIs("node"))
            {
                ok = _reader.String("node", out node);
            }
            else if (_reader.KeyIs("prefix"))
            {
                ok = _reader.String("prefix", out prefix);
            }
            else if (_reader.KeyIs("buffer"))
            {
                ok = _reader.Integer("buffer", 1, NodeConfig.MaxBufferCapacity, " readings", out buffer);
            }
            else if (_reader.KeyIs("alarm_buffer"))
            {
                ok = _reader.Integer("alarm_buffer", 1, NodeConfig.MaxAlarmBufferCapacity, " events", out alarmBuffer);
            }
            else if (_reader.KeyIs("batch"))
            {
                ok = _reader.Integer("batch", 1, TelemetryContract.MaxReadingsPerBatch, " readings", out batch);
            }
            else if (_reader.KeyIs("flash"))
            {
                ok = _reader.Boolean("flash", out flash);
            }
            else if (_reader.KeyIs("status_s"))
            {
                ok = _reader.Seconds("status_s", 3600, out statusMs) && (statusMs >= 1000 || _reader.Fail("status_s must be at least 1 s"));
            }
            else if (_reader.KeyIs("devices"))
            {
                devices = ReadDevices();
                ok = devices != null;
            }
            else if (_reader.KeyIs("outputs"))
            {
                OutputConfig[]? read = ReadOutputs();
                ok = read != null;
                outputs = read ?? outputs;
            }
            else
            {
                ok = _reader.UnknownKey("document", TopKeys);
            }

            if (!ok)
            {
                return null;
            }
        }

        if (_reader.HasError)
        {
            return null;
        }

        if (node.Length == 0)
        {
            _reader.Fail("node is missing: give the node id, e.g. \"node\": \"node-esp32-07\"");
            return null;
        }

        if (devices == null)
        {
            _reader.Fail("devices is missing: list at least one RS-485 instrument to poll");
            return null;
        }

        var config = new NodeConfig(node, prefix, devices, outputs);
        config.BufferCapacity = (int)buffer;
        config.AlarmBufferCapacity = (int)alarmBuffer;
        config.BatchSize = (int)batch;
        config.StatusIntervalMs = statusMs;
        config.Flash = flash;
        return config;
    }

    private DeviceConfig[]? ReadDevices()
    {
        var list = new ArrayList();
        if (!_reader.ArrayStart("devices"))
        {
            return null;
        }

        for (bool first = true; _reader.NextElement(first, "devices"); first = false)
        {
            string path = "devices[" + list.Count.ToString() + "]";
            if (list.Count == MaxDevices)
            {
                _reader.Fail(path + ": a node polls at most " + MaxDevices.ToString() + " devices; split them over two nodes");
                return null;
            }

            DeviceConfig? device = ReadDevice(path);
            if (device == null)
            {
                return null;
            }

            list.Add(device);
        }

        if (_reader.HasError)
        {
            return null;
        }

        var devices = new DeviceConfig[list.Count];
        list.CopyTo(devices);
        return devices;
    }

    private DeviceConfig? ReadDevice(string path)
    {
        string name = "";
        long unit = 0;
        long pollMs = DeviceConfig.DefaultPollIntervalMs;
        long timeoutMs = DeviceConfig.DefaultTimeoutMs;
        long retries = DeviceConfig.DefaultRetries;
        TagConfig[]? tags = null;
        if (!_reader.ObjectStart(path))
        {
            return null;
        }

        for (bool first = true; _reader.NextKey(first, path); first = false)
        {
            bool ok;
            if (_reader.KeyIs("name"))
            {
                ok = _reader.String(path + ".name", out name);
            }
            else if (_reader.KeyIs("unit"))
            {
                ok = _reader.Integer(path + ".unit", 1, 247, "", out unit);
            }
            else if (_reader.KeyIs("poll_ms"))
            {
                ok = _reader.Integer(path + ".poll_ms", 100, 86400000, " ms", out pollMs);
            }
            else if (_reader.KeyIs("timeout_ms"))
            {
                ok = _reader.Integer(path + ".timeout_ms", 10, 10000, " ms", out timeoutMs);
            }
            else if (_reader.KeyIs("retries"))
            {
                ok = _reader.Integer(path + ".retries", 0, 5, "", out retries);
            }
            else if (_reader.KeyIs("tags"))
            {
                // Tag paths need the device name, which may come after the tags: they are named once the object is read.
                tags = ReadTags(path + ".tags");
                ok = tags != null;
            }
            else
            {
                ok = _reader.UnknownKey(path, DeviceKeys);
            }

            if (!ok)
            {
                return null;
            }
        }

        if (_reader.HasError)
        {
            return null;
        }

        if (name.Length == 0)
        {
            _reader.Fail(path + ".name is missing: name the device, e.g. \"t101-lel\"");
            return null;
        }

        if (unit == 0)
        {
            _reader.Fail(path + " (" + name + ").unit is missing: give its Modbus unit address, 1-247");
            return null;
        }

        if (tags == null || tags.Length == 0)
        {
            _reader.Fail(path + " (" + name + ").tags is missing or empty: list at least one register to read");
            return null;
        }

        var named = new TagConfig[tags.Length];
        for (int t = 0; t < tags.Length; t++)
        {
            named[t] = Rename(tags[t], name);
        }

        var device = new DeviceConfig(name, (byte)unit, named);
        device.PollIntervalMs = pollMs;
        device.TimeoutMs = (int)timeoutMs;
        device.Retries = (int)retries;
        return device;
    }

    private TagConfig[]? ReadTags(string path)
    {
        var list = new ArrayList();
        if (!_reader.ArrayStart(path))
        {
            return null;
        }

        for (bool first = true; _reader.NextElement(first, path); first = false)
        {
            string at = path + "[" + list.Count.ToString() + "]";
            if (list.Count == MaxTagsPerDevice)
            {
                _reader.Fail(at + ": a device has at most " + MaxTagsPerDevice.ToString() + " tags");
                return null;
            }

            TagConfig? tag = ReadTag(at);
            if (tag == null)
            {
                return null;
            }

            list.Add(tag);
        }

        if (_reader.HasError)
        {
            return null;
        }

        var tags = new TagConfig[list.Count];
        list.CopyTo(tags);
        return tags;
    }

    private TagConfig? ReadTag(string path)
    {
        string name = "";
        long register = -1;
        int table = -1;
        long address = -1;
        int type = 0;
        int order = 0;
        double scale = 1;
        double offset = 0;
        string unit = "";
        double min = double.NaN;
        double max = double.NaN;
        AlarmSettings? alarms = null;
        string faultTag = "";
        int faultMask = 0;
        if (!_reader.ObjectStart(path))
        {
            return null;
        }

        for (bool first = true; _reader.NextKey(first, path); first = false)
        {
            bool ok;
            if (_reader.KeyIs("name"))
            {
                ok = _reader.String(path + ".name", out name);
            }
            else if (_reader.KeyIs("register"))
            {
                ok = _reader.Integer(path + ".register", 30001, 49999, "", out register);
            }
            else if (_reader.KeyIs("table"))
            {
                ok = _reader.Choice(path + ".table", TableNames, out table);
            }
            else if (_reader.KeyIs("address"))
            {
                ok = _reader.Integer(path + ".address", 0, 65535, "", out address);
            }
            else if (_reader.KeyIs("type"))
            {
                ok = _reader.Choice(path + ".type", TypeNames, out type);
            }
            else if (_reader.KeyIs("order"))
            {
                ok = _reader.Choice(path + ".order", OrderNames, out order);
            }
            else if (_reader.KeyIs("scale"))
            {
                ok = _reader.Number(path + ".scale", out scale);
            }
            else if (_reader.KeyIs("offset"))
            {
                ok = _reader.Number(path + ".offset", out offset);
            }
            else if (_reader.KeyIs("unit"))
            {
                ok = _reader.String(path + ".unit", out unit);
            }
            else if (_reader.KeyIs("min"))
            {
                ok = _reader.Number(path + ".min", out min);
            }
            else if (_reader.KeyIs("max"))
            {
                ok = _reader.Number(path + ".max", out max);
            }
            else if (_reader.KeyIs("alarms"))
            {
                alarms = ReadAlarms(path + ".alarms");
                ok = alarms != null;
            }
            else if (_reader.KeyIs("fault_when"))
            {
                ok = ReadFaultWhen(path + ".fault_when", out faultTag, out faultMask);
            }
            else
            {
                ok = _reader.UnknownKey(path, TagKeys);
            }

            if (!ok)
            {
                return null;
            }
        }

        if (_reader.HasError)
        {
            return null;
        }

        if (name.Length == 0)
        {
            _reader.Fail(path + ".name is missing: name the value, e.g. \"concentration\"");
            return null;
        }

        RegisterTable registerTable;
        if (register >= 0)
        {
            if (table >= 0 || address >= 0)
            {
                _reader.Fail(path + " (" + name + "): give either register (a 3xxxx/4xxxx register number, 1-based) or table + address (0-based), not both");
                return null;
            }

            // Register numbers are 1-based with the table in the first digit: 40001 is holding address 0.
            registerTable = register >= 40001 ? RegisterTable.HoldingRegister : RegisterTable.InputRegister;
            address = register - (register >= 40001 ? 40001 : 30001);
        }
        else
        {
            if (address < 0)
            {
                _reader.Fail(path + " (" + name + "): where is it? give register (e.g. 40001) or table + address (e.g. \"table\": \"holding\", \"address\": 0)");
                return null;
            }

            registerTable = table == 1 ? RegisterTable.InputRegister : RegisterTable.HoldingRegister;
        }

        var tag = new TagConfig(name, name, registerTable, (ushort)address);
        tag.Type = (DataType)type;
        tag.Order = (WordOrder)order;
        tag.Scale = scale;
        tag.Offset = offset;
        tag.Unit = unit;
        tag.Min = min;
        tag.Max = max;
        tag.FaultTag = faultTag;
        tag.FaultMask = faultMask;
        if (alarms != null)
        {
            // The alarm config is built once the tag's full path is known (Rename).
            tag.Alarms = alarms.ToConfig(name, unit);
        }

        if (tag.Address + tag.RegisterCount > 65536)
        {
            _reader.Fail(path + " (" + name + "): a " + TypeNames[type] + " at address " + address.ToString() + " runs past register 65535");
            return null;
        }

        return tag;
    }

    private AlarmSettings? ReadAlarms(string path)
    {
        var settings = new AlarmSettings();
        if (!_reader.ObjectStart(path))
        {
            return null;
        }

        for (bool first = true; _reader.NextKey(first, path); first = false)
        {
            bool ok;
            if (_reader.KeyIs("hh"))
            {
                ok = _reader.Number(path + ".hh", out settings.HighHigh);
            }
            else if (_reader.KeyIs("h"))
            {
                ok = _reader.Number(path + ".h", out settings.High);
            }
            else if (_reader.KeyIs("l"))
            {
                ok = _reader.Number(path + ".l", out settings.Low);
            }
            else if (_reader.KeyIs("ll"))
            {
                ok = _reader.Number(path + ".ll", out settings.LowLow);
            }
            else if (_reader.KeyIs("hysteresis"))
            {
                ok = _reader.Number(path + ".hysteresis", out settings.Hysteresis);
            }
            else if (_reader.KeyIs("on_delay_s"))
            {
                ok = _reader.Seconds(path + ".on_delay_s", 86400, out settings.OnDelayMs);
            }
            else if (_reader.KeyIs("off_delay_s"))
            {
                ok = _reader.Seconds(path + ".off_delay_s", 86400, out settings.OffDelayMs);
            }
            else if (_reader.KeyIs("latch"))
            {
                ok = ReadKinds(path + ".latch", out settings.Latch);
            }
            else if (_reader.KeyIs("rate_per_min"))
            {
                ok = _reader.Number(path + ".rate_per_min", out settings.RatePerMinute);
            }
            else if (_reader.KeyIs("rate_window_s"))
            {
                ok = _reader.Seconds(path + ".rate_window_s", 86400, out settings.RateWindowMs);
            }
            else if (_reader.KeyIs("rate_direction"))
            {
                ok = _reader.Choice(path + ".rate_direction", DirectionNames, out int direction);
                settings.Direction = (RateDirection)direction;
            }
            else if (_reader.KeyIs("fault"))
            {
                ok = _reader.Boolean(path + ".fault", out settings.Fault);
            }
            else if (_reader.KeyIs("fault_delay_s"))
            {
                ok = _reader.Seconds(path + ".fault_delay_s", 86400, out settings.FaultDelayMs);
            }
            else
            {
                ok = _reader.UnknownKey(path, AlarmKeys);
            }

            if (!ok)
            {
                return null;
            }
        }

        return _reader.HasError ? null : settings;
    }

    /// <summary>{"tag": "status", "bits": [1, 2]}: the device's status tag and the bits of it that mean a fault.</summary>
    private bool ReadFaultWhen(string path, out string tag, out int mask)
    {
        tag = "";
        mask = 0;
        if (!_reader.ObjectStart(path))
        {
            return false;
        }

        for (bool first = true; _reader.NextKey(first, path); first = false)
        {
            bool ok;
            if (_reader.KeyIs("tag"))
            {
                ok = _reader.String(path + ".tag", out tag);
            }
            else if (_reader.KeyIs("bits"))
            {
                ok = _reader.ArrayStart(path + ".bits");
                for (bool firstBit = true; ok && _reader.NextElement(firstBit, path + ".bits"); firstBit = false)
                {
                    ok = _reader.Integer(path + ".bits", 0, 15, "", out long bit);
                    mask |= 1 << (int)bit;
                }

                ok = ok && !_reader.HasError;
            }
            else
            {
                ok = _reader.UnknownKey(path, FaultWhenKeys);
            }

            if (!ok)
            {
                return false;
            }
        }

        if (_reader.HasError)
        {
            return false;
        }

        if (tag.Length == 0 || mask == 0)
        {
            return _reader.Fail(path + " needs tag (the device's status tag, e.g. \"status\") and bits (its fault bits, 0-15, e.g. [1, 2])");
        }

        return true;
    }

    private bool ReadKinds(string path, out AlarmKinds kinds)
    {
        kinds = AlarmKinds.None;
        if (!_reader.ArrayStart(path))
        {
            return false;
        }

        for (bool first = true; _reader.NextElement(first, path); first = false)
        {
            if (!_reader.Choice(path, KindNames, out int kind))
            {
                return false;
            }

            kinds |= (AlarmKinds)(1 << kind);
        }

        return !_reader.HasError;
    }

    private OutputConfig[]? ReadOutputs()
    {
        var list = new ArrayList();
        if (!_reader.ArrayStart("outputs"))
        {
            return null;
        }

        for (bool first = true; _reader.NextElement(first, "outputs"); first = false)
        {
            string path = "outputs[" + list.Count.ToString() + "]";
            if (list.Count == MaxOutputs)
            {
                _reader.Fail(path + ": a node drives at most " + MaxOutputs.ToString() + " outputs");
                return null;
            }

            OutputConfig? output = ReadOutput(path);
            if (output == null)
            {
                return null;
            }

            list.Add(output);
        }

        if (_reader.HasError)
        {
            return null;
        }

        var outputs = new OutputConfig[list.Count];
        list.CopyTo(outputs);
        return outputs;
    }

    private OutputConfig? ReadOutput(string path)
    {
        string name = "";
        long pin = -1;
        int mode = 0;
        int level = 0;
        var tags = new ArrayList();
        var kinds = new ArrayList();
        if (!_reader.ObjectStart(path))
        {
            return null;
        }

        for (bool first = true; _reader.NextKey(first, path); first = false)
        {
            bool ok;
            if (_reader.KeyIs("name"))
            {
                ok = _reader.String(path + ".name", out name);
            }
            else if (_reader.KeyIs("pin"))
            {
                ok = _reader.Integer(path + ".pin", 0, 255, "", out pin);
            }
            else if (_reader.KeyIs("mode"))
            {
                ok = _reader.Choice(path + ".mode", ModeNames, out mode);
            }
            else if (_reader.KeyIs("active"))
            {
                ok = _reader.Choice(path + ".active", LevelNames, out level);
            }
            else if (_reader.KeyIs("drive"))
            {
                ok = ReadDrive(path + ".drive", tags, kinds);
            }
            else
            {
                ok = _reader.UnknownKey(path, OutputKeys);
            }

            if (!ok)
            {
                return null;
            }
        }

        if (_reader.HasError)
        {
            return null;
        }

        if (name.Length == 0 || pin < 0 || tags.Count == 0)
        {
            _reader.Fail(path + (name.Length == 0 ? "" : " (" + name + ")") + ": an output needs name, pin and at least one drive entry");
            return null;
        }

        var driveTags = new string[tags.Count];
        var driveKinds = new AlarmKinds[kinds.Count];
        for (int i = 0; i < driveTags.Length; i++)
        {
            driveTags[i] = (string)tags[i]!;
            driveKinds[i] = (AlarmKinds)kinds[i]!;
        }

        var output = new OutputConfig(name, (int)pin, driveTags, driveKinds);
        output.Mode = (OutputMode)mode;
        output.ActiveHigh = level == 0;
        return output;
    }

    private bool ReadDrive(string path, ArrayList tags, ArrayList kinds)
    {
        if (!_reader.ArrayStart(path))
        {
            return false;
        }

        for (bool first = true; _reader.NextElement(first, path); first = false)
        {
            string at = path + "[" + tags.Count.ToString() + "]";
            string tag = "";
            AlarmKinds driving = AlarmKinds.All;
            if (!_reader.ObjectStart(at))
            {
                return false;
            }

            for (bool firstKey = true; _reader.NextKey(firstKey, at); firstKey = false)
            {
                bool ok = _reader.KeyIs("tag") ? _reader.String(at + ".tag", out tag)
                    : _reader.KeyIs("alarms") ? ReadKinds(at + ".alarms", out driving)
                    : _reader.UnknownKey(at, "tag, alarms");
                if (!ok)
                {
                    return false;
                }
            }

            if (_reader.HasError)
            {
                return false;
            }

            if (tag.Length == 0 || driving == AlarmKinds.None)
            {
                return _reader.Fail(at + ": give tag (\"device/tag\" or \"*\") and a non-empty alarms list");
            }

            tags.Add(tag);
            kinds.Add(driving);
        }

        return !_reader.HasError;
    }

    private bool ResolveFaultTag(DeviceConfig device, TagConfig tag, string at)
    {
        for (int s = 0; s < device.Tags.Length; s++)
        {
            TagConfig status = device.Tags[s];
            if (status.Name != tag.FaultTag)
            {
                continue;
            }

            if (status == tag || (status.Type != DataType.UInt16 && status.Type != DataType.Int16))
            {
                return _reader.Fail(at + ".fault_when.tag = '" + tag.FaultTag + "' must be another tag of " + device.Name + " of type uint16 or int16 (one status register)");
            }

            tag.FaultTagIndex = s;
            return true;
        }

        return _reader.Fail(at + ".fault_when.tag = '" + tag.FaultTag + "' is not a tag of device " + device.Name + "; add the status register as a tag (e.g. {\"name\":\"status\",\"register\":40002}) and name it here");
    }

    private static TagConfig Rename(TagConfig tag, string device)
    {
        var named = new TagConfig(tag.Name, device + "/" + tag.Name, tag.Table, tag.Address);
        named.Type = tag.Type;
        named.Order = tag.Order;
        named.Scale = tag.Scale;
        named.Offset = tag.Offset;
        named.Unit = tag.Unit;
        named.Min = tag.Min;
        named.Max = tag.Max;
        named.FaultTag = tag.FaultTag;
        named.FaultMask = tag.FaultMask;
        if (tag.Alarms != null)
        {
            named.Alarms = AlarmSettings.Retag(tag.Alarms, named.Path);
        }

        return named;
    }

    private bool Validate(NodeConfig config)
    {
        if (!TelemetryNames.IsValidSourceId(config.NodeId))
        {
            return _reader.Fail("node = '" + config.NodeId + "' is not a valid id: 1-64 of A-Z a-z 0-9 _ . -, starting with a letter or digit");
        }

        try
        {
            new TelemetryTopics(config.Prefix).Telemetry(config.NodeId);
        }
        catch (ArgumentException e)
        {
            return _reader.Fail("prefix: " + e.Message);
        }

        for (int d = 0; d < config.Devices.Length; d++)
        {
            DeviceConfig device = config.Devices[d];
            for (int e = 0; e < d; e++)
            {
                if (config.Devices[e].Name == device.Name || config.Devices[e].Unit == device.Unit)
                {
                    return _reader.Fail("devices[" + d.ToString() + "] (" + device.Name + ") repeats the name or unit " + device.Unit.ToString() + " of devices[" + e.ToString() + "]; each device needs its own name and unit address");
                }
            }

            for (int t = 0; t < device.Tags.Length; t++)
            {
                TagConfig tag = device.Tags[t];
                string at = "devices[" + d.ToString() + "].tags[" + t.ToString() + "] (" + tag.Path + ")";
                if (!TelemetryNames.IsValidTag(tag.Path))
                {
                    return _reader.Fail(at + ": the tag name may use A-Z a-z 0-9 _ . : / - and at most 64 characters with its device name");
                }

                if (!TelemetryNames.IsValidUnit(tag.Unit))
                {
                    return _reader.Fail(at + ".unit = '" + tag.Unit + "' is too long: at most 16 characters");
                }

                for (int u = 0; u < t; u++)
                {
                    if (device.Tags[u].Name == tag.Name)
                    {
                        return _reader.Fail(at + ": the tag name appears twice in device " + device.Name);
                    }
                }

                if (tag.FaultTag.Length > 0 && !ResolveFaultTag(device, tag, at))
                {
                    return false;
                }

                if (tag.Alarms != null)
                {
                    string? problem = tag.Alarms.Validate();
                    if (problem != null)
                    {
                        return _reader.Fail(at + ": " + problem);
                    }
                }
            }
        }

        for (int o = 0; o < config.Outputs.Length; o++)
        {
            OutputConfig output = config.Outputs[o];
            for (int p = 0; p < o; p++)
            {
                if (config.Outputs[p].Pin == output.Pin)
                {
                    return _reader.Fail("outputs[" + o.ToString() + "] (" + output.Name + ") uses pin " + output.Pin.ToString() + " like outputs[" + p.ToString() + "]; give each output its own GPIO");
                }
            }

            for (int s = 0; s < output.DriveTags.Length; s++)
            {
                if (output.DriveTags[s] != OutputBinding.AnyTag && !HasAlarms(config, output.DriveTags[s]))
                {
                    return _reader.Fail("outputs[" + o.ToString() + "] (" + output.Name + ").drive[" + s.ToString() + "].tag = '" + output.DriveTags[s] + "' is not a tag with alarms; write \"device/tag\" of a tag that has an alarms block, or \"*\"");
                }
            }
        }

        return true;
    }

    private static bool HasAlarms(NodeConfig config, string path)
    {
        for (int d = 0; d < config.Devices.Length; d++)
        {
            for (int t = 0; t < config.Devices[d].Tags.Length; t++)
            {
                if (config.Devices[d].Tags[t].Path == path)
                {
                    return config.Devices[d].Tags[t].Alarms != null;
                }
            }
        }

        return false;
    }
}
