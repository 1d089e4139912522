using System;
using System.IO;
using System.Reflection;

namespace NeuralTangents.Analyzers;

/// <summary>
/// The help link of each diagnostic id: a link the user can open. The package carries the pages
/// (<c>docs/diagnostics/NTxxxx.md</c>) beside the analyzer assemblies (<c>analyzers/dotnet/cs</c>), so the link is the
/// <c>file://</c> address of the page inside the installed package, found from this assembly's own location. Where the
/// assembly does not sit in a package (a build of this repository, or a host that shadow-copies analyzers), the page of
/// the repository checkout above the assembly is used when there is one, and otherwise the configured address
/// (<c>DiagnosticsHelpBaseUrl</c> of Directory.Build.props, carried as assembly metadata).
/// </summary>
/// <remarks>
/// The descriptors are static, so the link is resolved once per id when the catalog is first used. Nothing here throws:
/// an analyzer that fails while building its descriptors disables itself, and a missing page is no reason for that.
/// </remarks>
internal static class HelpLinks
{
    /// <summary>The folder of the pages inside the package, relative to the package root.</summary>
    private static readonly string[] PagesFolder = { "docs", "diagnostics" };

    /// <summary>The folders the analyzer assemblies sit in inside the package, outermost first.</summary>
    private static readonly string[] AnalyzerFolder = { "analyzers", "dotnet", "cs" };

    /// <summary>The file that marks the root of a checkout of this repository.</summary>
    private const string RepositoryMarker = "NeuralTangents.sln";

    /// <summary>The configured address the pages are under, ending in a slash (the fallback of every link).</summary>
    public static readonly string ConfiguredBase = ReadConfiguredBase();

    /// <summary>The path of this assembly, or <see langword="null"/> when it was loaded without one (from bytes).</summary>
    private static readonly string? AssemblyPath = ReadAssemblyPath();

    /// <summary>The help link of <paramref name="id"/>'s page, for the assembly this code runs in.</summary>
    public static string For(string id) => Resolve(id, AssemblyPath, ConfiguredBase);

    /// <summary>
    /// The help link of <paramref name="id"/>'s page for an analyzer assembly at <paramref name="assemblyPath"/>: the
    /// <c>file://</c> URI of the package's page when the assembly sits in <c>analyzers/dotnet/cs</c> of a package that
    /// has it; else that of the page of the repository checkout above the assembly; else
    /// <paramref name="configuredBase"/> followed by <c>{id}.md</c>.
    /// </summary>
    /// <param name="id">The diagnostic id, for example <c>NT0001</c>.</param>
    /// <param name="assemblyPath">The analyzer assembly's path; <see langword="null"/> or empty when it has none.</param>
    /// <param name="configuredBase">The configured address of the pages, ending in a slash.</param>
    internal static string Resolve(string id, string? assemblyPath, string configuredBase)
    {
        string fallback = configuredBase + id + ".md";
        try
        {
            if (string.IsNullOrEmpty(assemblyPath)) return fallback;
            string? page = PackagePage(id, assemblyPath!) ?? RepositoryPage(id, assemblyPath!);
            return page is null ? fallback : new Uri(page).AbsoluteUri;
        }
        catch (Exception)
        {
            // A path the platform rejects (invalid characters, too long, no access) or one Uri cannot represent:
            // the configured address still names the page.
            return fallback;
        }
    }

    /// <summary>The page inside the package whose <c>analyzers/dotnet/cs</c> holds the assembly, if it exists.</summary>
    private static string? PackagePage(string id, string assemblyPath)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(assemblyPath));
        for (int i = AnalyzerFolder.Length - 1; i >= 0; i--)
        {
            if (directory is null || !string.Equals(Path.GetFileName(directory), AnalyzerFolder[i], StringComparison.OrdinalIgnoreCase)) return null;
            directory = Path.GetDirectoryName(directory);
        }
        return directory is null ? null : ExistingPage(directory, id);
    }

    /// <summary>The page of the nearest repository checkout (a folder with the solution file) above the assembly.</summary>
    private static string? RepositoryPage(string id, string assemblyPath)
    {
        for (string? directory = Path.GetDirectoryName(Path.GetFullPath(assemblyPath)); directory is not null; directory = Path.GetDirectoryName(directory))
            if (FileExists(Path.Combine(directory, RepositoryMarker))) return ExistingPage(directory, id);
        return null;
    }

    private static string? ExistingPage(string root, string id)
    {
        string page = Path.Combine(root, PagesFolder[0], PagesFolder[1], id + ".md");
        return FileExists(page) ? page : null;
    }

    // Analyzers must not read files in general (RS1035: their inputs should reach them through the compilation, so
    // that builds are reproducible and the IDE can cache). Whether a help page exists changes no diagnostic and no
    // generated code, only the link shown beside it, and the page sits beside the assembly itself.
#pragma warning disable RS1035
    private static bool FileExists(string path) => File.Exists(path);
#pragma warning restore RS1035

    private static string? ReadAssemblyPath()
    {
        try
        {
            string location = typeof(HelpLinks).Assembly.Location;
            return location.Length == 0 ? null : location;
        }
        catch (Exception)
        {
            // Location can throw for assemblies of some load contexts; then there is no folder to look in.
            return null;
        }
    }

    /// <summary>The <c>DiagnosticsHelpBaseUrl</c> metadata of this assembly, ending in a slash.</summary>
    private static string ReadConfiguredBase()
    {
        foreach (var metadata in typeof(HelpLinks).Assembly.GetCustomAttributes(typeof(AssemblyMetadataAttribute), false))
            if (metadata is AssemblyMetadataAttribute { Key: "DiagnosticsHelpBaseUrl", Value: { Length: > 0 } value })
                return value.EndsWith("/", StringComparison.Ordinal) ? value : value + "/";
        // Not reachable in a build of this repository (the projects always set it); a plain name rather than an exception.
        return "NeuralTangents/docs/diagnostics/";
    }
}
