namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>
/// GB/T 50493-2019 clause 5.5.2 presets, built by the alarm core's <see cref="EdgeSensors.Alarms.GasAlarmDefaults"/>
/// (docs/alarms.md); config words combustible_gas, open_path_combustible, toxic_gas, toxic_gas_idlh, oxygen.
/// </summary>
public enum GasPreset
{
    None,

    /// <summary>Point detector in %LEL: h 25, hh 50.</summary>
    CombustibleGas,

    /// <summary>Open-path detector in LEL·m: h 1, hh 2.</summary>
    OpenPathCombustible,

    /// <summary>h at 100 % and hh at 200 % of the gas's occupational exposure limit (oel).</summary>
    ToxicGas,

    /// <summary>Detector range too small for the OEL levels: h at 5 % and hh at 10 % of IDLH (idlh).</summary>
    ToxicGasIdlh,

    /// <summary>%VOL: h 23.5 (enrichment), l 19.5 (deficiency).</summary>
    Oxygen,
}
