using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Benchmarks.Suites;

/// <summary>One value in a register map: where it starts, what it is and how its words are ordered.</summary>
public readonly record struct ResponseField(int Index, DataType Type, WordOrder Order);
