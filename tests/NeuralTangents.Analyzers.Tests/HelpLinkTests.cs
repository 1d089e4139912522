namespace NeuralTangents.Analyzers.Tests;

/// <summary>
/// <see cref="HelpLinks.Resolve"/> on folder layouts laid out in a temporary folder: the installed package (the page
/// beside <c>analyzers/dotnet/cs</c>), a repository checkout, and the places without pages (a shadow copy, an assembly
/// loaded from bytes), which fall back to the configured address.
/// </summary>
public sealed class HelpLinkTests : IDisposable
{
    private const string Configured = "https://example.org/nt/blob/main/docs/diagnostics/";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nt-helplinks-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>Creates <paramref name="relative"/> under the temporary root (with its folders) and returns its full path.</summary>
    private string Touch(string relative)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void In_the_installed_package_the_link_is_the_file_address_of_the_packed_page()
    {
        string page = Touch("packages/neuraltangents/0.1.0/docs/diagnostics/NT0001.md");
        string assembly = Touch("packages/neuraltangents/0.1.0/analyzers/dotnet/cs/NeuralTangents.Analyzers.dll");

        string link = HelpLinks.Resolve("NT0001", assembly, Configured);

        Assert.StartsWith("file:///", link);
        Assert.Equal(page, new Uri(link).LocalPath);
    }

    [Fact]
    public void A_package_folder_with_spaces_gives_an_escaped_link_to_the_same_file()
    {
        string page = Touch("my packages/neuraltangents/0.1.0/docs/diagnostics/NT0004.md");
        string assembly = Touch("my packages/neuraltangents/0.1.0/analyzers/dotnet/cs/NeuralTangents.Generators.dll");

        string link = HelpLinks.Resolve("NT0004", assembly, Configured);

        Assert.Contains("/my%20packages/", link);
        Assert.DoesNotContain(" ", link);
        Assert.Equal(page, new Uri(link).LocalPath);
    }

    [Fact]
    public void An_id_whose_page_the_package_lacks_gets_the_configured_address()
    {
        Touch("packages/neuraltangents/0.1.0/docs/diagnostics/NT0001.md");
        string assembly = Touch("packages/neuraltangents/0.1.0/analyzers/dotnet/cs/NeuralTangents.Analyzers.dll");

        Assert.Equal(Configured + "NT0002.md", HelpLinks.Resolve("NT0002", assembly, Configured));
    }

    [Fact]
    public void A_shadow_copied_assembly_with_no_checkout_above_gets_the_configured_address()
    {
        string assembly = Touch("shadow/3f2a/1/NeuralTangents.Analyzers.dll");

        Assert.Equal(Configured + "NT0001.md", HelpLinks.Resolve("NT0001", assembly, Configured));
    }

    [Fact]
    public void Only_the_package_layout_counts_not_any_docs_folder_above_the_assembly()
    {
        // docs/diagnostics three folders up, as in the package, but the assembly is not in analyzers/dotnet/cs.
        Touch("tool/docs/diagnostics/NT0001.md");
        string assembly = Touch("tool/lib/net10.0/x/NeuralTangents.Analyzers.dll");

        Assert.Equal(Configured + "NT0001.md", HelpLinks.Resolve("NT0001", assembly, Configured));
    }

    [Fact]
    public void Built_in_a_checkout_the_link_is_the_file_address_of_the_checkout_page()
    {
        Touch("repo/NeuralTangents.sln");
        string page = Touch("repo/docs/diagnostics/NT0011.md");
        string assembly = Touch("repo/src/NeuralTangents.Analyzers/bin/Debug/netstandard2.0/NeuralTangents.Analyzers.dll");

        string link = HelpLinks.Resolve("NT0011", assembly, Configured);

        Assert.Equal(page, new Uri(link).LocalPath);
    }

    [Fact]
    public void A_checkout_without_the_page_gets_the_configured_address()
    {
        Touch("repo/NeuralTangents.sln");
        Touch("repo/docs/diagnostics/NT0001.md");
        string assembly = Touch("repo/tests/bin/Debug/net10.0/NeuralTangents.Analyzers.dll");

        Assert.Equal(Configured + "NT0099.md", HelpLinks.Resolve("NT0099", assembly, Configured));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bad\0path/NeuralTangents.Analyzers.dll")]
    public void No_usable_assembly_path_falls_back_without_throwing(string? assembly) =>
        Assert.Equal(Configured + "NT0001.md", HelpLinks.Resolve("NT0001", assembly, Configured));
}
