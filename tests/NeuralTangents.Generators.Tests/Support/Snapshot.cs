using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace NeuralTangents.Generators.Tests.Support;

/// <summary>
/// Snapshot assertions in Verify's conventions: <c>_snapshots/{Class}.{Method}#{HintName}.verified.cs</c> beside the
/// test file (and <c>.verified.txt</c> for diagnostics). The set of generated files must equal the set of snapshot
/// files; each is compared exactly (whitespace included). On a mismatch the actual text is written as
/// <c>.received.*</c> and the failure shows a line diff. Set <c>NT_ACCEPT_SNAPSHOTS=1</c> to accept received
/// output as verified (never under <c>CI=true</c>).
/// </summary>
public static class Snapshot
{
    /// <summary>Verifies the generated files and the generator's diagnostics of <paramref name="run"/>.</summary>
    public static void Verify(GeneratorRun run, [CallerFilePath] string testFile = "", [CallerMemberName] string method = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(testFile)!, "_snapshots");
        string prefix = Path.GetFileNameWithoutExtension(testFile) + "." + method;
        var expected = new Dictionary<string, string>();
        foreach (var (hint, text) in run.Sources) expected[$"{prefix}#{hint}".Replace(".g.cs", "") + ".verified.cs"] = text;
        expected[prefix + "#diagnostics.verified.txt"] = run.DiagnosticsText;

        Directory.CreateDirectory(directory);
        var failures = new StringBuilder();
        var existing = Directory.GetFiles(directory, prefix + "#*.verified.*").Select(Path.GetFileName).ToHashSet();
        foreach (var stale in existing.Where(name => !expected.ContainsKey(name!)))
        {
            failures.AppendLine($"{stale}: snapshot without a generated file");
            if (Accepting) File.Delete(Path.Combine(directory, stale!));
        }
        foreach (var (name, actual) in expected)
        {
            string path = Path.Combine(directory, name);
            string received = path.Replace(".verified.", ".received.");
            string? verified = File.Exists(path) ? File.ReadAllText(path) : null;
            if (verified == actual)
            {
                if (File.Exists(received)) File.Delete(received);
                continue;
            }
            failures.AppendLine(verified is null ? $"{name}: no verified snapshot yet" : $"{name}: differs from the verified snapshot");
            if (verified is not null) failures.AppendLine(Diff(verified, actual));
            if (Accepting) File.WriteAllText(path, actual);
            else File.WriteAllText(received, actual);
        }
        if (failures.Length > 0)
            Assert.Fail(failures + (Accepting ? "(accepted: NT_ACCEPT_SNAPSHOTS=1)" : "Review the .received files; accept with NT_ACCEPT_SNAPSHOTS=1."));
    }

    private static bool Accepting =>
        Environment.GetEnvironmentVariable("NT_ACCEPT_SNAPSHOTS") == "1" &&
        !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A line diff of two texts (whitespace significant).</summary>
    public static string Diff(string expected, string actual)
    {
        var model = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false, ignoreCase: false);
        var text = new StringBuilder();
        foreach (var line in model.Lines)
        {
            switch (line.Type)
            {
                case ChangeType.Inserted: text.Append("+ ").AppendLine(line.Text); break;
                case ChangeType.Deleted: text.Append("- ").AppendLine(line.Text); break;
                case ChangeType.Modified: text.Append("~ ").AppendLine(line.Text); break;
            }
        }
        return text.ToString();
    }
}
