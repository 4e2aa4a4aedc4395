using System;
using EdgeSensors.Alarms;
using EdgeSensors.Config.Wire;
using EdgeSensors.Node.Config;
using EdgeSensors.Node.Outputs;
using EdgeSensors.Node.Polling;
using EdgeSensors.Telemetry.Wire;

namespace EdgeSensors.Node;

/// <summary>
/// Everything built from one <see cref="NodeConfig"/>: the poll scheduler, the alarm panel with its outputs, per-tag
/// names and the topics. Built whole before it replaces the running one, so a config that fails here changes nothing.
/// </summary>
internal sealed class NodeSetup
{
    private NodeSetup(NodeConfig config, PollScheduler scheduler, AlarmPanel panel, string[] paths, string[] units, int[] panelIndex)
    {
        Config = config;
        Scheduler = scheduler;
        Panel = panel;
        TagPaths = paths;
        Units = units;
        PanelIndex = panelIndex;
        var topics = new TelemetryTopics(config.Prefix);
        TelemetryTopic = topics.Telemetry(config.NodeId);
        AlarmsTopic = topics.Alarms(config.NodeId);
        StatusTopic = topics.Status(config.NodeId);
        var configTopics = new ConfigTopics(topics);
        ConfigTopic = configTopics.Desired(config.NodeId);
        ConfigReportedTopic = configTopics.Reported(config.NodeId);
        AckTopic = topics.Prefix + "/" + config.NodeId + "/commands/ack";
    }

    /// <summary>Alarm events one drain can hold: 2 per kind, plus slack.</summary>
    public const int EventCapacity = (2 * TagAlarms.KindCount) + 4;

    public NodeConfig Config { get; }

    public PollScheduler Scheduler { get; }

    public AlarmPanel Panel { get; }

    /// <summary>Every tag's "device/tag", by tag index over all devices.</summary>
    public string[] TagPaths { get; }

    public string[] Units { get; }

    /// <summary>The tag's index in <see cref="Panel"/>, or -1 when it has no alarms.</summary>
    public int[] PanelIndex { get; }

    public string TelemetryTopic { get; }

    public string AlarmsTopic { get; }

    public string StatusTopic { get; }

    public string ConfigTopic { get; }

    public string ConfigReportedTopic { get; }

    public string AckTopic { get; }

    /// <exception cref="ArgumentException">The alarm panel refused the config (its message names the tag or output).</exception>
    public static NodeSetup Build(NodeConfig config, IPinDriver pins, int baud, long nowMs)
    {
        int tagCount = config.TagCount;
        var paths = new string[tagCount];
        var units = new string[tagCount];
        var panelIndex = new int[tagCount];
        int alarmed = 0;
        int t = 0;
        for (int d = 0; d < config.Devices.Length; d++)
        {
            for (int i = 0; i < config.Devices[d].Tags.Length; i++, t++)
            {
                TagConfig tag = config.Devices[d].Tags[i];
                paths[t] = tag.Path;
                units[t] = tag.Unit;
                panelIndex[t] = tag.Alarms != null ? alarmed++ : -1;
            }
        }

        var alarms = new TagAlarmConfig[alarmed];
        t = 0;
        for (int d = 0; d < config.Devices.Length; d++)
        {
            for (int i = 0; i < config.Devices[d].Tags.Length; i++, t++)
            {
                if (panelIndex[t] >= 0)
                {
                    alarms[panelIndex[t]] = config.Devices[d].Tags[i].Alarms!;
                }
            }
        }

        var outputs = new OutputBinding[config.Outputs.Length];
        for (int o = 0; o < outputs.Length; o++)
        {
            OutputConfig output = config.Outputs[o];
            outputs[o] = new OutputBinding(output.Name, pins.OpenOutput(output.Pin), output.Mode, output.ActiveHigh, output.DriveTags.Length);
            for (int s = 0; s < output.DriveTags.Length; s++)
            {
                outputs[o].Drive(output.DriveTags[s], output.DriveKinds[s]);
            }
        }

        // The node drains events after every evaluation and every tag's acknowledgement, so one tag's worst case fits:
        // acknowledging a tag emits at most 2 per alarm kind. The alarm ring, not this buffer, holds them until sent.
        var panel = new AlarmPanel(alarms, outputs, EventCapacity);
        return new NodeSetup(config, new PollScheduler(config, baud, nowMs), panel, paths, units, panelIndex);
    }
}
