namespace EdgeSensors.Dashboard.Tests;

/// <summary>
/// Where the browser test's tools are: Chromium (Debian's apt package), Node.js and playwright-core installed by
/// `npm ci` in Browser/. Under CI=true a missing tool fails the test; on a developer's machine it is skipped with
/// the command that installs it.
/// </summary>
internal static class BrowserTools
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder with dashboard.mjs, package.json and node_modules (the source folder, found from the test binary).</summary>
    public static string BrowserFolder { get; } = FindBrowserFolder();

    public static string Chromium => Environment.GetEnvironmentVariable("EDGESENSORS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Null when everything is there, else what is missing and how to install it.</summary>
    public static string? Missing()
    {
        var missing = new List<string>();
        if (!File.Exists(Chromium))
        {
            missing.Add($"Chromium at {Chromium} (apt-get install -y chromium, or set EDGESENSORS_CHROMIUM)");
        }

        if (FindOnPath("node") is null)
        {
            missing.Add("Node.js 20+ on PATH (apt-get install -y nodejs)");
        }

        if (!File.Exists(Path.Combine(BrowserFolder, "node_modules", "playwright-core", "package.json")))
        {
            missing.Add($"playwright-core (cd {BrowserFolder} && npm ci)");
        }

        return missing.Count == 0 ? null : string.Join("; ", missing);
    }

    /// <summary>Fails under CI, skips elsewhere, when a tool is missing.</summary>
    public static void Require()
    {
        if (Missing() is { } missing)
        {
            if (IsCi)
            {
                throw new InvalidOperationException("CI=true and the browser test cannot run: missing " + missing);
            }

            Skip.If(true, "browser test skipped: missing " + missing);
        }
    }

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static string FindBrowserFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Browser");
            if (File.Exists(Path.Combine(candidate, "dashboard.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"Browser/dashboard.mjs not found above {AppContext.BaseDirectory}; run the test from the repository's build output.");
    }
}
