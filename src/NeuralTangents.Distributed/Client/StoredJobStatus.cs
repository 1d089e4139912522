namespace NeuralTangents.Distributed;

/// <summary>What a store's progress file says about its job: readable without the cluster (the <c>status</c> command).</summary>
/// <param name="JobId">The job's id (the job grain's key).</param>
/// <param name="TilesDone">Tiles recorded as stored.</param>
/// <param name="TilesTotal">Tiles in the job's grid.</param>
public sealed record StoredJobStatus(string JobId, int TilesDone, int TilesTotal)
{
    /// <summary>The status of the job in <paramref name="folder"/>; null when the folder holds no job.</summary>
    /// <param name="folder">The store folder (see <see cref="StorePaths.Resolve"/>).</param>
    /// <exception cref="InvalidDataException">The folder's progress file is malformed.</exception>
    public static StoredJobStatus? Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var progress = ProgressFile.Read(folder);
        return progress is null ? null : new StoredJobStatus(progress.JobId, progress.Finished.Count, progress.Tiles);
    }
}
