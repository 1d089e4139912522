using System.Text.RegularExpressions;

namespace NeuralTangents.Analyzers.Tests;

/// <summary>
/// Every id of the release-tracking catalog has its page in docs/diagnostics with the four sections, and its help link
/// opens that page: a file address of an existing page, or else the address under the repository URL of
/// Directory.Build.props (the one place it is written). <see cref="HelpLinkTests"/> covers the package layout.
/// </summary>
public sealed class CatalogDocumentationTests
{
    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string caller = "")
    {
        for (var directory = Path.GetDirectoryName(caller); directory is not null; directory = Path.GetDirectoryName(directory))
            if (File.Exists(Path.Combine(directory, "NeuralTangents.sln"))) return directory;
        throw new DirectoryNotFoundException("No NeuralTangents.sln above " + caller);
    }

    private static string[] CatalogIds()
    {
        string releases = File.ReadAllText(Path.Combine(Root(), "src", "NeuralTangents.Analyzers", "AnalyzerReleases.Unshipped.md"));
        return Regex.Matches(releases, @"^(NT\d{4}) \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
    }

    public static TheoryData<string> Ids() => new(CatalogIds());

    [Fact]
    public void The_catalog_lists_the_layer_rule_and_declaration_ids() =>
        Assert.Equal(new[] { "NT0001", "NT0002", "NT0003", "NT0004", "NT0005", "NT0006", "NT0007", "NT0008", "NT0009", "NT0010", "NT0011", "NT0012", "NT0100", "NT0101", "NT0102" },
            CatalogIds());

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_id_has_a_page_with_what_why_fix_and_example(string id)
    {
        string page = File.ReadAllText(Path.Combine(Root(), "docs", "diagnostics", id + ".md"));
        Assert.StartsWith("# " + id + ": ", page);
        foreach (var section in new[] { "## What", "## Why", "## How to fix", "## Example" }) Assert.Contains(section, page);
        Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(Path.Combine(Root(), "docs", "diagnostics", "README.md")));
    }

    [Fact]
    public void Every_help_link_is_absolute_and_opens_the_page_of_its_id()
    {
        string props = File.ReadAllText(Path.Combine(Root(), "Directory.Build.props"));
        string repository = Regex.Match(props, "<NeuralTangentsRepositoryUrl>(.+?)</NeuralTangentsRepositoryUrl>").Groups[1].Value;
        Assert.StartsWith("https://", repository);
        // The generator's only descriptor (NT0102) is compiled from the same catalog; the analyzer's cover every other id.
        var descriptors = new NetworkAnalyzer().SupportedDiagnostics.Append(DiagnosticDescriptors.GeneratorFailure).ToList();
        Assert.Equal(CatalogIds(), descriptors.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
        foreach (var descriptor in descriptors)
        {
            Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out var link), $"{descriptor.Id}: '{descriptor.HelpLinkUri}' is not absolute");
            if (link!.IsFile)
            {
                Assert.True(File.Exists(link.LocalPath), $"{descriptor.Id}: '{link}' names no file");
                Assert.Equal(descriptor.Id + ".md", Path.GetFileName(link.LocalPath));
            }
            else
            {
                Assert.Equal($"{repository}/blob/main/docs/diagnostics/{descriptor.Id}.md", link.ToString());
            }
        }
    }

    [Fact]
    public void Built_in_this_repository_the_analyzer_links_the_pages_of_this_checkout()
    {
        // The tests load the analyzer from this checkout's build output (no package around it), so the links are the
        // file addresses of the checkout's own pages: what a developer of this repository opens.
        foreach (var descriptor in new NetworkAnalyzer().SupportedDiagnostics)
            Assert.Equal(new Uri(Path.Combine(Root(), "docs", "diagnostics", descriptor.Id + ".md")).AbsoluteUri, descriptor.HelpLinkUri);
    }

    [Fact]
    public void A_reported_diagnostic_carries_the_help_link_of_its_page()
    {
        var diagnostic = Assert.Single(Support.AnalyzerHarness.Analyze(Support.AnalyzerHarness.Program("return Stax.Serial(Stax.Dense(8), Stax.Relu(), Stax.Erf());")));
        Assert.Equal("NT0001", diagnostic.Id);
        Assert.Equal(new Uri(Path.Combine(Root(), "docs", "diagnostics", "NT0001.md")).AbsoluteUri, diagnostic.Descriptor.HelpLinkUri);
    }
}
