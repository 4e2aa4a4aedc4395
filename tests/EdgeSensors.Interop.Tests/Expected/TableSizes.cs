namespace EdgeSensors.Interop.Tests.Expected;

/// <summary>How many registers or bits each table of the data unit has; reads beyond answer exception 02.</summary>
internal sealed record TableSizes(int Holding, int Input, int Coil, int Discrete);
