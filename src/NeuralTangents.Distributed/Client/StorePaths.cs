namespace NeuralTangents.Distributed;

/// <summary>Store folders confined to a root: a store is named relative to the root and may not leave it.</summary>
public static class StorePaths
{
    /// <summary>The full path of store <paramref name="store"/> under <paramref name="root"/>.</summary>
    /// <param name="root">The folder all stores live under.</param>
    /// <param name="store">The store's relative path (for example <c>fashion-mnist/fcn</c>).</param>
    /// <exception cref="ArgumentException">The store is empty, rooted, or leaves the root (<c>..</c>).</exception>
    public static string Resolve(string root, string store)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        if (Path.IsPathRooted(store))
            throw new ArgumentException($"The store '{store}' must be a path relative to the store root {root}, not an absolute path.", nameof(store));
        string fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        string full = Path.GetFullPath(Path.Combine(fullRoot, store));
        if (!full.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"The store '{store}' leaves the store root {fullRoot}; name a folder inside it.", nameof(store));
        return full;
    }
}
