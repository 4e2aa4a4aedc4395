namespace EdgeSensors.Fleet.Admin;

/// <summary>The admin CLI: `EdgeSensors.Fleet admin COMMAND`.</summary>
public static class AdminCli
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine($"admin: not implemented yet ({string.Join(' ', args)})");
        return Task.FromResult(2);
    }
}
