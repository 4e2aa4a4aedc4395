namespace EdgeSensors.Alarms;

/// <summary>
/// Gas-detector alarms with the set points of GB/T 50493-2019 clause 5.5.2: the first-level alarm is H, the
/// second-level alarm is HH (for oxygen: enrichment is H, deficiency is L). The standard gives the set points only;
/// the hysteresis, the latching of second-level alarms and the fault alarm's delay are our choices, documented in
/// docs/alarms.md, and a site may override any of them.
/// </summary>
public static class GasAlarmDefaults
{
    /// <summary>Combustible gas, first-level alarm: 25 %LEL.</summary>
    public const double CombustibleFirstLevel = 25;

    /// <summary>Combustible gas, second-level alarm: 50 %LEL.</summary>
    public const double CombustibleSecondLevel = 50;

    /// <summary>Combustible gas hysteresis (ours): 2 %LEL, about a detector's repeatability.</summary>
    public const double CombustibleHysteresis = 2;

    /// <summary>Open-path combustible detector: 1 LEL·m and 2 LEL·m.</summary>
    public const double OpenPathFirstLevel = 1;

    public const double OpenPathSecondLevel = 2;

    /// <summary>Open-path hysteresis (ours): 0.1 LEL·m.</summary>
    public const double OpenPathHysteresis = 0.1;

    /// <summary>Toxic gas: first level at 100 % of the occupational exposure limit (OEL), second at 200 %.</summary>
    public const double ToxicFirstLevelOfOel = 1.0;

    public const double ToxicSecondLevelOfOel = 2.0;

    /// <summary>Toxic gas where the detector's range is too small for the OEL levels: 5 % and 10 % of IDLH.</summary>
    public const double ToxicFirstLevelOfIdlh = 0.05;

    public const double ToxicSecondLevelOfIdlh = 0.10;

    /// <summary>Toxic-gas hysteresis (ours): a tenth of the first-level set point.</summary>
    public const double ToxicHysteresisOfFirstLevel = 0.1;

    /// <summary>Oxygen enrichment alarm (H): over 23.5 %VOL.</summary>
    public const double OxygenEnrichment = 23.5;

    /// <summary>Oxygen deficiency alarm (L): under 19.5 %VOL.</summary>
    public const double OxygenDeficiency = 19.5;

    /// <summary>Oxygen hysteresis (ours): 0.2 %VOL.</summary>
    public const double OxygenHysteresis = 0.2;

    /// <summary>Sensor-fault on-delay (ours): 10 s, so one missed poll does not raise it but a dead detector does.</summary>
    public const long FaultOnDelayMs = 10000;

    public const string PercentLel = "%LEL";

    public const string LelMetre = "LEL·m";

    public const string PercentVol = "%VOL";

    /// <summary>A point combustible-gas detector in %LEL: H 25, HH 50 (latching), fault alarm.</summary>
    public static TagAlarmConfig Combustible(string tag)
    {
        return FirstAndSecondLevel(tag, PercentLel, CombustibleFirstLevel, CombustibleSecondLevel, CombustibleHysteresis);
    }

    /// <summary>An open-path combustible detector in LEL·m: H 1, HH 2 (latching), fault alarm.</summary>
    public static TagAlarmConfig OpenPathCombustible(string tag)
    {
        return FirstAndSecondLevel(tag, LelMetre, OpenPathFirstLevel, OpenPathSecondLevel, OpenPathHysteresis);
    }

    /// <summary>A toxic-gas detector: H at the OEL, HH at twice it (latching). The OEL is gas-specific, in the tag's unit (usually ppm).</summary>
    public static TagAlarmConfig Toxic(string tag, string unit, double occupationalExposureLimit)
    {
        double first = occupationalExposureLimit * ToxicFirstLevelOfOel;
        return FirstAndSecondLevel(tag, unit, first, occupationalExposureLimit * ToxicSecondLevelOfOel, first * ToxicHysteresisOfFirstLevel);
    }

    /// <summary>A toxic-gas detector whose range is too small for the OEL levels: H at 5 % and HH at 10 % of IDLH (in the tag's unit).</summary>
    public static TagAlarmConfig ToxicByIdlh(string tag, string unit, double immediatelyDangerous)
    {
        double first = immediatelyDangerous * ToxicFirstLevelOfIdlh;
        return FirstAndSecondLevel(tag, unit, first, immediatelyDangerous * ToxicSecondLevelOfIdlh, first * ToxicHysteresisOfFirstLevel);
    }

    /// <summary>An oxygen detector in %VOL: H 23.5 (enrichment, first level), L 19.5 (deficiency, second level, latching), fault alarm.</summary>
    public static TagAlarmConfig Oxygen(string tag)
    {
        var config = new TagAlarmConfig(tag, PercentVol)
        {
            High = new AlarmLimit(OxygenEnrichment, OxygenHysteresis, 0, 0, latching: false),
            Low = new AlarmLimit(OxygenDeficiency, OxygenHysteresis, 0, 0, latching: true),
        };
        AddFaultAlarm(config);
        return config;
    }

    private static TagAlarmConfig FirstAndSecondLevel(string tag, string unit, double first, double second, double hysteresis)
    {
        // No on-delay: a gas alarm must sound at the first reading over the set point.
        var config = new TagAlarmConfig(tag, unit)
        {
            High = new AlarmLimit(first, hysteresis, 0, 0, latching: false),
            HighHigh = new AlarmLimit(second, hysteresis, 0, 0, latching: true),
        };
        AddFaultAlarm(config);
        return config;
    }

    private static void AddFaultAlarm(TagAlarmConfig config)
    {
        config.SensorFault = AlarmLimit.Condition(FaultOnDelayMs, 0, latching: false);
        config.FaultTriggers = FaultTriggers.NoMeasurement;
    }
}
