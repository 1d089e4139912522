namespace NeuralTangents.Tests.Support;

/// <summary>The checkout the tests run from, for tests that read its documents or run its scripts.</summary>
public static class RepositoryRoot
{
    /// <summary>The nearest directory above the test assembly that holds <c>NeuralTangents.sln</c>.</summary>
    /// <exception cref="InvalidOperationException">The tests do not run inside a checkout.</exception>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "NeuralTangents.sln"))) return directory.FullName;
        throw new InvalidOperationException($"No NeuralTangents.sln above {AppContext.BaseDirectory}.");
    }
}
