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

    /// <summary>How long a finished or cancelled job waits for its tiles in flight to come back refused.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    /// <summary>Stalls in a row without a tile stored after which the client gives up on the job.</summary>
    private const int MaxStalls = 5;

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
    /// <param name="cancellationToken">
    /// Cancels the job (its grain stops handing out tiles; the store keeps the finished ones). The call returns once the
    /// tiles in flight have come back refused, or after 10 s at most.
    /// </param>
    /// <returns>The stored kernel, open for reading and writing.</returns>
    /// <exception cref="ArgumentException">The store leaves the store root or holds linked files, or the job is invalid or over the default silo limits.</exception>
    /// <exception cref="StoreInUseException">Another job is writing the store, or the store holds a different job.</exception>
    /// <exception cref="DistributedJobException">
    /// A tile could not be computed, the cluster sent an invalid tile, a tile could not be stored (the inner exception
    /// says why: a full disk, a store that does not match the job, the progress callback), or the job stalled repeatedly
    /// without storing a tile.
    /// </exception>
    /// <exception cref="OperationCanceledException">The job was cancelled: by the token, by a <see cref="CancelRequest"/> in the store, or through its job grain.</exception>
    public static async Task<StoredKernel<T>> ComputeAsync<T>(this IClusterClient client, ILayer network, Tensor<T> x1, Tensor<T>? x2,
        DistributedJobOptions options, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(options);
        string folder = StorePaths.Resolve(options.StoreRoot, options.Store);
        var wire1 = WireArray.From(x1);
        var wire2 = x2 is null ? null : WireArray.From(x2);
        var inputs = new List<(InputRef Reference, WireArray Data)> { (InputRef.Of(wire1), wire1) };
        if (wire2 is not null) inputs.Add((InputRef.Of(wire2), wire2));
        var spec = new KernelJobSpec(network.ToJson(new NetworkJsonOptions { Indented = false }), typeof(T) == typeof(float) ? KernelPrecision.Float32 : KernelPrecision.Float64,
            inputs[0].Reference, wire2 is null ? null : inputs[1].Reference, options.TileItems, (int)options.Outputs);
        // The default limits of a silo: a job they refuse is refused here, before the cluster or the store is touched.
        var job = JobPlan.Create(spec, new DistributedSiloOptions());
        Directory.CreateDirectory(folder);
        StorePaths.RequireNoLinkedFiles(folder);
        using var storeLock = StoreLock.Acquire(folder);
        // A request left from a run that ended before it saw it does not cancel this one.
        CancelRequest.Take(folder);
        var progress = OpenProgress(folder, Fingerprint(spec, wire1, wire2), job.Tiles.Count);
        DropCorruptTiles<T>(folder, progress, job);
        var writer = new Storage.StoredTileWriter<T>(folder, options.Outputs, x1.Dim(0), x2?.Dim(0) ?? x1.Dim(0), x2 is not null,
            overwrite: true, resume: progress.Finished.Count > 0);
        using var receiver = new TileReceiver<T>(job, progress, writer);
        var grain = client.GetGrain<IKernelJobGrain>(progress.JobId);
        int resumed = progress.Finished.Count, total = job.Tiles.Count;
        if (resumed == total) return StoredKernel<T>.Open(folder, writable: true);
        var clock = Stopwatch.StartNew();
        string host = "";
        var sink = new JobClientObserver<T>(progress.JobId, inputs, receiver,
            done => options.Progress?.Report(Report(done, total, resumed, clock.Elapsed, Volatile.Read(ref host))));
        // Workers deliver tiles to this reference; the object itself lives as long as this method (GC.KeepAlive below).
        var reference = client.CreateObjectReference<IJobClient>(sink);
        try
        {
            Volatile.Write(ref host, (await StartAsync(grain, spec, reference, sink, options.PollInterval, cancellationToken)).Host);
            var polled = Stopwatch.StartNew();
            int lostPolls = 0, stalls = 0, storedAtStall = -1;
            int[] unreported = [];
            while (sink.Stored < total)
            {
                if (sink.Fault is { } fault)
                {
                    sink.Close();
                    await grain.Cancel();
                    throw fault is InvalidDataException
                        ? new DistributedJobException($"Job {progress.JobId} sent an invalid tile: {fault.Message}", fault)
                        : new DistributedJobException($"Job {progress.JobId}: a tile could not be stored ({fault.GetType().Name}): {fault.Message}", fault);
                }
                if (cancellationToken.IsCancellationRequested)
                {
                    sink.Close();
                    await grain.Cancel();
                    cancellationToken.ThrowIfCancellationRequested();
                }
                // Tiles arrive on their own; the job grain is asked how the job stands once per poll interval.
                var untilPoll = options.PollInterval - polled.Elapsed;
                if (untilPoll > TimeSpan.Zero)
                {
                    await sink.WaitAsync(untilPoll, cancellationToken);
                    continue;
                }
                polled.Restart();
                if (CancelRequest.Take(folder))
                {
                    sink.Close();
                    await grain.Cancel();
                    throw new OperationCanceledException($"Job {progress.JobId} was cancelled (a cancel request in the store); submit it again to resume.");
                }
                JobSnapshot snapshot;
                // Until a poll is answered, the tiles stored since the last answered one are sent again with the next.
                unreported = [.. unreported, .. sink.TakeUnreported()];
                try
                {
                    snapshot = await grain.Poll(unreported);
                    unreported = [];
                    lostPolls = 0;
                }
                catch (Exception lost) when (lost is OrleansException or TimeoutException && ++lostPolls < MaxLostPolls)
                {
                    // The job grain's silo was lost: the grain comes back elsewhere without the job, so start it again.
                    await Task.Delay(options.PollInterval * 10, CancellationToken.None);
                    await TryStart(grain, spec, reference, sink, h => Volatile.Write(ref host, h));
                    continue;
                }
                Volatile.Write(ref host, snapshot.Host);
                int stored = sink.Stored;
                if (stored == total) break;
                // Stalls with no tile stored in between: what keeps a tile from this client does not go away.
                (stalls, storedAtStall) = snapshot.State != JobState.Stalled ? (stalls, storedAtStall)
                    : stored > storedAtStall ? (1, stored) : (stalls + 1, storedAtStall);
                switch (snapshot.State)
                {
                    case JobState.Failed: throw new DistributedJobException($"Job {progress.JobId} failed: {snapshot.Error}");
                    case JobState.Cancelled: throw new OperationCanceledException($"Job {progress.JobId} was cancelled; submit it again to resume.");
                    case JobState.Stalled when stalls > MaxStalls:
                        await grain.Cancel();
                        throw new DistributedJobException($"Job {progress.JobId} stalled {stalls} times without storing a tile: {snapshot.Error}");
                    // Forgotten (its silo was lost, the cluster restarted), or a tile could not be delivered here: start it again.
                    case JobState.Unknown or JobState.Completed or JobState.Stalled:
                        Volatile.Write(ref host, (await grain.Start(spec, sink.StoredTiles(), reference)).Host);
                        break;
                }
            }
            sink.Close();
            await grain.Complete();
            return receiver.Finish();
        }
        finally
        {
            sink.Close();
            // Orleans drops a message to an observer that is gone without answering, so a worker still delivering would
            // wait out its whole response timeout: the closed observer stays reachable, refusing at once, until none is.
            await DrainAsync(grain, options.PollInterval);
            client.DeleteObjectReference<IJobClient>(reference);
            GC.KeepAlive(sink);
        }
    }

    /// <summary>Waits (a few seconds at most) until the job grain has no tile in flight; gives up quietly when it cannot be reached.</summary>
    private static async Task DrainAsync(IKernelJobGrain grain, TimeSpan pollInterval)
    {
        var waited = Stopwatch.StartNew();
        try
        {
            while ((await grain.Poll([])).InFlight > 0 && waited.Elapsed < DrainLimit)
                await Task.Delay(pollInterval, CancellationToken.None);
        }
        catch (Exception lost) when (lost is not OutOfMemoryException)
        {
            // Best effort, on the way out of a finished, failed or cancelled job: the job grain is gone with its silo, or
            // the client is shutting down. Nothing is lost either way; a tile still in flight times out at its worker.
        }
    }

    /// <summary>
    /// Starts the job grain, trying again while the cluster cannot place it yet: after a silo died, its grains may not
    /// come back until the grain directory's lease on them runs out (Orleans' <c>GrainDirectoryOptions.RangeLeaseDuration</c>).
    /// </summary>
    private static async Task<JobSnapshot> StartAsync<T>(IKernelJobGrain grain, KernelJobSpec spec, IJobClient reference, JobClientObserver<T> sink,
        TimeSpan pollInterval, CancellationToken cancellationToken) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await grain.Start(spec, sink.StoredTiles(), reference);
            }
            catch (Exception lost) when (lost is OrleansException or TimeoutException && attempt < MaxLostPolls)
            {
                await Task.Delay(pollInterval * 10, cancellationToken);
            }
        }
    }

    private static async Task TryStart<T>(IKernelJobGrain grain, KernelJobSpec spec, IJobClient reference, JobClientObserver<T> sink, Action<string> host)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            host((await grain.Start(spec, sink.StoredTiles(), reference)).Host);
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
    private static void DropCorruptTiles<T>(string folder, ProgressFile progress, JobPlan job) where T : unmanaged, IFloatingPointIeee754<T>
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

    /// <summary>
    /// The SHA-256 of everything that determines the job's tiles: the spec's network, precision, tile size and outputs,
    /// and the inputs' shapes and bytes (the formula of the stores written before inputs were sent apart, so they resume).
    /// </summary>
    private static string Fingerprint(KernelJobSpec spec, WireArray x1, WireArray? x2)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(WireArray? array)
        {
            if (array is null) return;
            hash.AppendData(Encoding.ASCII.GetBytes(string.Join(",", array.Shape) + ";"));
            hash.AppendData(array.Data);
        }
        hash.AppendData(Encoding.UTF8.GetBytes($"{spec.NetworkJson}\n{spec.Precision}\n{spec.TileItems}\n{spec.Outputs}\n"));
        Add(x1);
        hash.AppendData("x2"u8);
        Add(x2);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
