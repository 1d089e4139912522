using System.Text.RegularExpressions;

namespace NeuralTangents.Analyzers.Tests;

/// <summary>
/// Every id of the release-tracking catalog has its page in docs/diagnostics with the four sections, and its help link
/// is the absolute address of that page under the repository URL of Directory.Build.props (the one place it is written).
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
    public void Every_help_link_is_the_absolute_address_of_its_page_under_the_one_repository_url()
    {
        string props = File.ReadAllText(Path.Combine(Root(), "Directory.Build.props"));
        string repository = Regex.Match(props, "<NeuralTangentsRepositoryUrl>(.+?)</NeuralTangentsRepositoryUrl>").Groups[1].Value;
        Assert.StartsWith("https://", repository);
        // The generator's only descriptor (NT0102) is compiled from the same catalog; the analyzer's cover every other id.
        var descriptors = new NetworkAnalyzer().SupportedDiagnostics;
        Assert.Equal(CatalogIds().Where(id => id != "NT0102"), descriptors.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
        foreach (var descriptor in descriptors)
        {
            Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out var link), $"{descriptor.Id}: '{descriptor.HelpLinkUri}' is not absolute");
            Assert.Equal($"{repository}/blob/main/docs/diagnostics/{descriptor.Id}.md", link!.ToString());
            Assert.True(File.Exists(Path.Combine(Root(), "docs", "diagnostics", descriptor.Id + ".md")));
        }
    }

    [Fact]
    public void A_reported_diagnostic_carries_the_absolute_help_link()
    {
        var diagnostic = Assert.Single(Support.AnalyzerHarness.Analyze(Support.AnalyzerHarness.Program("return Stax.Serial(Stax.Dense(8), Stax.Relu(), Stax.Erf());")));
        Assert.Equal("NT0001", diagnostic.Id);
        Assert.Matches(@"^https://[^ ]+/docs/diagnostics/NT0001\.md$", diagnostic.Descriptor.HelpLinkUri);
    }
}
