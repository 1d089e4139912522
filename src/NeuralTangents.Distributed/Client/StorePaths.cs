namespace NeuralTangents.Distributed;

/// <summary>
/// Store folders confined to a root: a store is named relative to the root and may not leave it, neither by its
/// name (<c>..</c>, an absolute path) nor through a symbolic link below the root, and the files a job writes in it
/// may not be links either (a planted link would send the job's writes elsewhere). The checks are made when a job
/// starts; they guard against mistakes and links left in shared folders, not against a process racing the job.
/// </summary>
public static class StorePaths
{
    /// <summary>The full path of store <paramref name="store"/> under <paramref name="root"/>.</summary>
    /// <param name="root">The folder all stores live under (it may itself be reached through a link).</param>
    /// <param name="store">The store's relative path (for example <c>fashion-mnist/fcn</c>).</param>
    /// <exception cref="ArgumentException">
    /// The store is empty, contains a NUL character, is rooted, leaves the root (<c>..</c>), or passes through a
    /// symbolic link below the root.
    /// </exception>
    public static string Resolve(string root, string store)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        if (root.Contains('\0')) throw new ArgumentException("The store root contains a NUL character.", nameof(root));
        if (store.Contains('\0')) throw new ArgumentException($"The store '{store.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character.", nameof(store));
        if (Path.IsPathRooted(store))
            throw new ArgumentException($"The store '{store}' must be a path relative to the store root {root}, not an absolute path.", nameof(store));
        string fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        string full = Path.GetFullPath(Path.Combine(fullRoot, store));
        if (!full.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"The store '{store}' leaves the store root {fullRoot}; name a folder inside it.", nameof(store));
        for (string? folder = full; folder is not null && folder.Length > fullRoot.Length; folder = Path.GetDirectoryName(folder))
        {
            if (new FileInfo(folder).LinkTarget is { } target)
                throw new ArgumentException($"The store '{store}' passes through {folder}, a symbolic link (to {target}); name a real folder inside the store root {fullRoot}.", nameof(store));
        }
        return full;
    }

    /// <summary>Refuses a store whose job files (those that exist) are symbolic links.</summary>
    /// <exception cref="ArgumentException">One of them is a link; the message names it.</exception>
    internal static void RequireNoLinkedFiles(string folder)
    {
        string[] names = [ProgressFile.FileName, StoreLock.FileName, StoredKernel<float>.NngpFileName, StoredKernel<float>.NtkFileName,
            StoredKernel<float>.Cov1FileName, StoredKernel<float>.Cov2FileName];
        foreach (string name in names)
        {
            string path = Path.Combine(folder, name);
            if (new FileInfo(path).LinkTarget is { } target)
                throw new ArgumentException($"{path} is a symbolic link (to {target}); a job writes only real files inside its store. Remove it or use another store.", "store");
        }
    }
}
