namespace EdgeSensors.Interop.Tests.Support;

/// <summary>Files of the checkout: the interop peers and their expected values live in tests/interop, beside the build output.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string InteropFile(string name) => Path.Combine(Root, "tests", "interop", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeSensors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EdgeSensors.sln not found above " + AppContext.BaseDirectory);
    }
}
