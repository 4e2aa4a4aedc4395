namespace EdgeSensors.Fleet.Configs.Safety;

/// <summary>
/// A tank's overfill level and the config tag that measures it: the level tag <see cref="Tag"/> of config device
/// <see cref="Device"/> (e.g. t101-level / pv) watches tank <see cref="Tank"/>, whose overfill level is
/// <see cref="Level"/> in <see cref="Unit"/> (m, cm or mm). The fleet server takes it from the registry's tank record.
/// </summary>
public sealed record TankOverfill(string Tank, string Device, string Tag, double Level, string Unit);
