using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Interop.Tests.Expected;

/// <summary>The table names used in expected-values.json.</summary>
internal static class Tables
{
    public static RegisterTable Parse(string name) => name switch
    {
        "holding" => RegisterTable.HoldingRegister,
        "input" => RegisterTable.InputRegister,
        "coil" => RegisterTable.Coil,
        "discrete" => RegisterTable.DiscreteInput,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown table"),
    };
}
