namespace EdgeSensors.Simulator.Signals;

internal static class Gaussian
{
    /// <summary>A standard normal sample (Box-Muller), drawn from the farm's seeded generator so runs repeat.</summary>
    public static double Next(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
