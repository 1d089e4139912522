using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace NeuralTangents.Distributed;

/// <summary>
/// Computes a kernel on an Orleans cluster into a store on this machine: the job grain hands tiles to the workers of
/// every silo, and this client writes each finished tile into the store's <c>.npy</c> files (see
/// <see cref="StoredKernel{T}"/>) and its progress file. A job interrupted for any reason (cancelled, the client or
/// the whole cluster restarted) resumes from the progress file: tiles stored with a matching checksum are not computed again.
/// </summary>
public static class DistributedKernel
{
    /// <summary>Consecutive failed calls of the job grain (unreachable, or not placeable yet) after which the client gives up.</summary>
    private const int MaxLostPolls = 50;

    /// <summary>
    /// The kernels of <paramref name="network"/> for x1 against x2 (x1 against itself when <paramref name="x2"/> is null),
    /// computed by the cluster tile by tile with the grid of <see cref="KernelStore.Compute{T}"/>, so the stored kernel is
    /// bit-identical to that of <see cref="KernelStore.Compute{T}"/> with the same tile size on a silo's engine.
    /// </summary>
    /// <param name="client">A client of the cluster.</param>
    /// <param name="network">The network (sent as <see cref="NetworkJson"/>).</param>
    /// <param name="x1">The first inputs.</param>
    /// <param name="x2">The second inputs, or null.</param>
    /// <param name="options">The store, tile size, outputs and progress.</param>
    /// <param name="cancellationToken">Cancels the job (its grain stops handing out tiles; the store keeps the finished ones).</param>
    /// <returns>The stored kernel, open for reading and writing.</returns>
    /// <exception cref="ArgumentException">The store leaves the store root or holds linked files, or the job is invalid or over the default silo limits.</exception>
    /// <exception cref="StoreInUseException">Another job is writing the store, or the store holds a different job.</exception>
    /// <exception cref="DistributedJobException">A tile could not be computed, or the cluster sent an invalid tile.</exception>
    /// <exception cref="OperationCanceledException">The job was cancelled (by the token or by another client).</exception>
    public static async Task<StoredKernel<T>> ComputeAsync<T>(this IClusterClient client, ILayer network, Tensor<T> x1, Tensor<T>? x2,
        DistributedJobOptions options, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(options);
        string folder = StorePaths.Resolve(options.StoreRoot, options.Store);
        var spec = new KernelJobSpec(network.ToJson(new NetworkJsonOptions { Indented = false }), typeof(T) == typeof(float) ? KernelPrecision.Float32 : KernelPrecision.Float64,
            WireArray.From(x1), x2 is null ? null : WireArray.From(x2), options.TileItems, (int)options.Outputs);
        // The default limits of a silo: a job they refuse is refused here, before the cluster or the store is touched.
        var job = PreparedJob.Create(spec, new DistributedSiloOptions());
        Directory.CreateDirectory(folder);
        StorePaths.RequireNoLinkedFiles(folder);
        using var storeLock = StoreLock.Acquire(folder);
        var progress = OpenProgress(folder, Fingerprint(spec), job.Tiles.Count);
        DropCorruptTiles<T>(folder, progress, job);
        var writer = new Storage.StoredTileWriter<T>(folder, options.Outputs, x1.Dim(0), x2?.Dim(0) ?? x1.Dim(0), x2 is not null,
            overwrite: true, resume: progress.Finished.Count > 0);
        using var receiver = new TileReceiver<T>(job, progress, writer);
        var grain = client.GetGrain<IKernelJobGrain>(progress.JobId);
        int resumed = progress.Finished.Count, total = job.Tiles.Count;
        var clock = Stopwatch.StartNew();
        int lostPolls = 0;
        int[] acknowledged = [];
        if (resumed == total) return StoredKernel<T>.Open(folder, writable: true);
        await StartAsync(grain, spec, progress, options.PollInterval, cancellationToken);
        while (progress.Finished.Count < total)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await grain.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }
            JobSnapshot snapshot;
            try
            {
                snapshot = await grain.Poll(acknowledged);
                lostPolls = 0;
            }
            catch (Exception lost) when (lost is OrleansException or TimeoutException && ++lostPolls < MaxLostPolls)
            {
                // The job grain's silo was lost: the grain comes back elsewhere without the job, so start it again.
                await Task.Delay(options.PollInterval * 10, CancellationToken.None);
                await TryStart(grain, spec, progress);
                continue;
            }
            var stored = new List<int>(snapshot.Finished.Length);
            foreach (var tile in snapshot.Finished)
            {
                if (cancellationToken.IsCancellationRequested) break;
                try
                {
                    bool added = receiver.Store(tile);
                    stored.Add(tile.Index);
                    if (!added) continue;
                }
                catch (InvalidDataException invalid)
                {
                    await grain.Cancel();
                    throw new DistributedJobException($"Job {progress.JobId} sent an invalid tile: {invalid.Message}", invalid);
                }
                options.Progress?.Report(Report(progress.Finished.Count, total, resumed, clock.Elapsed, snapshot.Host));
            }
            // The next poll acknowledges them: until then the grain keeps them, in case this answer had been lost.
            acknowledged = [.. stored];
            if (progress.Finished.Count == total || cancellationToken.IsCancellationRequested) continue;
            switch (snapshot.State)
            {
                case JobState.Failed: throw new DistributedJobException($"Job {progress.JobId} failed: {snapshot.Error}");
                case JobState.Cancelled: throw new OperationCanceledException($"Job {progress.JobId} was cancelled; submit it again to resume.");
                case JobState.Unknown or JobState.Completed: await grain.Start(spec, [.. progress.Finished.Keys]); continue;
            }
            // A poll that brought tiles is followed by another at once (more may be waiting, and it acknowledges these).
            if (stored.Count > 0) continue;
            try
            {
                await Task.Delay(options.PollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Cancelled between polls: the loop's head tells the job grain.
            }
        }
        await grain.Complete();
        return receiver.Finish();
    }

    /// <summary>
    /// Starts the job grain, trying again while the cluster cannot place it yet: after a silo died, its grains may not
    /// come back until the grain directory's lease on them runs out (Orleans' <c>GrainDirectoryOptions.RangeLeaseDuration</c>).
    /// </summary>
    private static async Task StartAsync(IKernelJobGrain grain, KernelJobSpec spec, ProgressFile progress, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await grain.Start(spec, [.. progress.Finished.Keys]);
                return;
            }
            catch (Exception lost) when (lost is OrleansException or TimeoutException && attempt < MaxLostPolls)
            {
                await Task.Delay(pollInterval * 10, cancellationToken);
            }
        }
    }

    private static async Task TryStart(IKernelJobGrain grain, KernelJobSpec spec, ProgressFile progress)
    {
        try
        {
            await grain.Start(spec, [.. progress.Finished.Keys]);
        }
        catch (Exception lost) when (lost is OrleansException or TimeoutException)
        {
            // Still unreachable; the next poll tries again.
        }
    }

    private static DistributedProgress Report(int done, int total, int resumed, TimeSpan elapsed, string jobHost)
    {
        double rate = (done - resumed) / Math.Max(elapsed.TotalSeconds, 1e-9);
        TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : null;
        return new DistributedProgress(done, total, resumed, elapsed, rate, eta, jobHost);
    }

    /// <summary>The store's progress file: its own when it records this job (its tiles verified), a new one when the store has none.</summary>
    private static ProgressFile OpenProgress(string folder, string fingerprint, int tiles)
    {
        ProgressFile? existing;
        try
        {
            existing = ProgressFile.Read(folder);
        }
        catch (InvalidDataException invalid)
        {
            throw new StoreInUseException($"The store {folder} cannot be resumed: {invalid.Message} Use another store.", invalid);
        }
        if (existing is null) return ProgressFile.Create(folder, JobIds.New(), fingerprint, tiles);
        if (existing.Fingerprint != fingerprint || existing.Tiles != tiles)
            throw new StoreInUseException($"The store {folder} holds job {existing.JobId}, a different job (other network, inputs, tile size, outputs or precision); use another store, or delete it to start over.");
        return existing;
    }

    /// <summary>Forgets the recorded tiles whose blocks in the store no longer match their checksums (they are computed again).</summary>
    private static void DropCorruptTiles<T>(string folder, ProgressFile progress, PreparedJob job) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (progress.Finished.Count == 0) return;
        try
        {
            using var stored = StoredKernel<T>.Open(folder);
            foreach (var (tile, checksum) in progress.Finished.ToList())
                if (TileChecksum.Stored(stored, job.Tiles[tile]) != checksum) progress.Finished.Remove(tile);
        }
        catch (Exception unreadable) when (unreadable is IOException or FormatException or ArgumentException)
        {
            progress.Finished.Clear();
        }
    }

    /// <summary>The SHA-256 of everything that determines the job's tiles.</summary>
    private static string Fingerprint(KernelJobSpec spec)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(WireArray? array)
        {
            if (array is null) return;
            hash.AppendData(Encoding.ASCII.GetBytes(string.Join(",", array.Shape) + ";"));
            hash.AppendData(array.Data);
        }
        hash.AppendData(Encoding.UTF8.GetBytes($"{spec.NetworkJson}\n{spec.Precision}\n{spec.TileItems}\n{spec.Outputs}\n"));
        Add(spec.X1);
        hash.AppendData("x2"u8);
        Add(spec.X2);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
