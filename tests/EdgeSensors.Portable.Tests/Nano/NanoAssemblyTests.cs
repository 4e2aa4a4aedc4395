using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using EdgeSensors.Modbus.Framing;

namespace EdgeSensors.Portable.Tests.Nano;

/// <summary>
/// Proves the nanoFramework build is real: the portable sources compiled against nanoFramework's mscorlib
/// and nothing else, and the device assembly exposes exactly the same public types as the gateway's.
/// </summary>
public class NanoAssemblyTests
{
    private const string NanoProject = "firmware/EdgeSensors.Portable.Nano";
    private const string NanoAssembly = "EdgeSensors.Portable.Nano.dll";

    [Fact]
    public void NanoAssembly_ReferencesOnlyNanoFrameworksMscorlib()
    {
        using var pe = new PEReader(File.OpenRead(FindNanoAssembly()));
        MetadataReader metadata = pe.GetMetadataReader();

        var references = metadata.AssemblyReferences
            .Select(handle => metadata.GetAssemblyReference(handle))
            .Select(reference => (Name: metadata.GetString(reference.Name), reference.Version))
            .ToList();

        (string name, Version version) = Assert.Single(references);
        Assert.Equal("mscorlib", name);

        // Desktop mscorlib is 4.0.0.0; nanoFramework.CoreLibrary's is 1.x.
        Assert.Equal(1, version.Major);
    }

    [Fact]
    public void NanoAssembly_DefinesTheSamePublicTypesAsThePortableAssembly()
    {
        SortedSet<string> nano = PublicTypeNames(FindNanoAssembly());
        SortedSet<string> portable = PublicTypeNames(typeof(Crc16).Assembly.Location);

        Assert.NotEmpty(portable);
        Assert.True(
            nano.SetEquals(portable),
            "public types differ; rebuild " + NanoProject + " if it is stale.\n"
            + "only in the nano build: " + string.Join(", ", nano.Except(portable)) + "\n"
            + "only in the portable build: " + string.Join(", ", portable.Except(nano)));
    }

    private static SortedSet<string> PublicTypeNames(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        MetadataReader metadata = pe.GetMetadataReader();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (TypeDefinitionHandle handle in metadata.TypeDefinitions)
        {
            TypeDefinition type = metadata.GetTypeDefinition(handle);
            if (IsVisible(metadata, type))
            {
                names.Add(FullName(metadata, type));
            }
        }

        return names;
    }

    private static bool IsVisible(MetadataReader metadata, TypeDefinition type)
    {
        TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
        if (visibility == TypeAttributes.Public)
        {
            return true;
        }

        return visibility == TypeAttributes.NestedPublic && IsVisible(metadata, metadata.GetTypeDefinition(type.GetDeclaringType()));
    }

    private static string FullName(MetadataReader metadata, TypeDefinition type)
    {
        string name = metadata.GetString(type.Name);
        if (type.GetDeclaringType() is { IsNil: false } declaring)
        {
            return FullName(metadata, metadata.GetTypeDefinition(declaring)) + "+" + name;
        }

        return metadata.GetString(type.Namespace) + "." + name;
    }

    /// <summary>The newest nano build of any configuration, found by walking up to the repository root.</summary>
    private static string FindNanoAssembly()
    {
        DirectoryInfo? directory = new(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EdgeSensors.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, "no EdgeSensors.sln above " + AppContext.BaseDirectory);
        string bin = Path.Combine(directory.FullName, NanoProject, "bin");
        FileInfo? newest = Directory.Exists(bin)
            ? new DirectoryInfo(bin).EnumerateFiles(NanoAssembly, SearchOption.AllDirectories).MaxBy(file => file.LastWriteTimeUtc)
            : null;

        Assert.True(newest is not null, NanoAssembly + " not found under " + bin + ": build it first with `dotnet build " + NanoProject + "` (CI builds the whole solution before testing)");
        return newest.FullName;
    }
}
