namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>Gas classes of GB/T 50493-2019 clause 5.5.2, which set the default alarm limits.</summary>
public enum GasKind
{
    None,

    /// <summary>Combustible gas in %LEL: first level at most 25 %LEL (h), second at most 50 %LEL (hh).</summary>
    Combustible,

    /// <summary>Toxic gas: limits depend on the gas's OEL (100 % / 200 %), so they must be given.</summary>
    Toxic,

    /// <summary>Oxygen in %VOL: enrichment above 23.5 %VOL (h), deficiency below 19.5 %VOL (l).</summary>
    Oxygen,
}
