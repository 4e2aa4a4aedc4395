namespace EdgeSensors.Simulator.Signals;

/// <summary>What a simulated instrument measures, which decides how its primary value moves.</summary>
public enum SignalKind
{
    /// <summary>Combustible gas in %LEL: near zero, rising during a leak at its location.</summary>
    CombustibleGas,

    /// <summary>Toxic gas in ppm: near zero, rising during a leak at its location.</summary>
    ToxicGas,

    /// <summary>Tank level: fills and drains between two limits.</summary>
    Level,

    /// <summary>Pressure: mean-reverting random walk plus measurement noise.</summary>
    Pressure,
}
