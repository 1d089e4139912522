using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace NeuralTangents.Distributed;

/// <summary>
/// The worker of one silo (see <see cref="ITileWorkerGrain"/>): placed on the silo its key names, it keeps the
/// prepared job (network and inputs) of the last job it served and the inputs of recent jobs (<see cref="InputCache"/>),
/// computes each tile on the thread pool and sends it to the client. Reentrant, with one tile computed at a time: the next tile computes while the previous one
/// travels to the client and is stored there (a non-reentrant worker would leave the silo's cores idle meanwhile).
/// </summary>
[SiloTargetedPlacement]
[Reentrant]
internal sealed class TileWorkerGrain(IOptions<DistributedSiloOptions> options, IServiceProvider services) : Grain, ITileWorkerGrain
{
    private readonly ITileListener? _listener = services.GetService<ITileListener>();
    private string? _jobId;
    private PreparedJob? _job;
    private readonly SemaphoreSlim _computing = new(1, 1);
    private readonly InputCache _inputs = new(options.Value.InputCacheBytes);

    public async Task<TileOutcome> Compute(string jobId, int tile, IJobClient sink)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(sink);
        TileResult result;
        await _computing.WaitAsync();
        try
        {
            var computed = await ComputeAsync(jobId, tile, sink);
            if (computed.Outcome is { } refused) return refused;
            result = computed.Result!;
        }
        finally
        {
            _computing.Release();
        }
        try
        {
            await sink.Deliver(jobId, result);
            return TileOutcome.Delivered(tile);
        }
        catch (Exception undelivered)
        {
            // Whatever the client or the way to it threw (gone, timed out, no longer running this job): the job grain
            // queues the tile again and waits for the client, rather than failing the job or resting this silo. The
            // result's pooled buffer is left to the collector: sending may have returned its segments to the pool already.
            return TileOutcome.Undelivered(tile, $"{undelivered.GetType().Name}: {undelivered.Message}");
        }
    }

    /// <summary>The tile, or the outcome that refuses it (or reports the client unreachable for the job's inputs).</summary>
    private async Task<(TileResult? Result, TileOutcome? Outcome)> ComputeAsync(string jobId, int tile, IJobClient client)
    {
        // Only a job's grain is asked for its spec: any other key would activate a grain for nothing.
        if (!JobIds.IsValid(jobId)) return (null, TileOutcome.Refused(tile, $"'{jobId}' is not a job id ({JobIds.Description})."));
        if (_jobId != jobId)
        {
            _job = null;
            _jobId = null;
            var spec = await GrainFactory.GetGrain<IKernelJobGrain>(jobId).GetSpec();
            try
            {
                var plan = JobPlan.Create(spec, options.Value);
                object x1 = await InputAsync(jobId, spec.X1, spec.Precision, "x1", client);
                object? x2 = spec.X2 is null ? null : await InputAsync(jobId, spec.X2, spec.Precision, "x2", client);
                _job = PreparedJob.Create(plan, x1, x2);
            }
            catch (Exception invalid) when (invalid is ArgumentException or FormatException or InvalidDataException or OverflowException)
            {
                return (null, TileOutcome.Refused(tile, $"Invalid job {jobId}: {invalid.Message}"));
            }
            catch (Exception unreachable)
            {
                // The client did not answer for the inputs: as for a tile it did not take, the job waits for it.
                return (null, TileOutcome.Undelivered(tile, $"the job's inputs could not be fetched from the client ({unreachable.GetType().Name}: {unreachable.Message})"));
            }
            _jobId = jobId;
        }
        var job = _job!;
        if (tile < 0 || tile >= job.Tiles.Count)
            return (null, TileOutcome.Refused(tile, $"Tile {tile} is outside job {jobId}'s grid of {job.Tiles.Count} tiles (0…{job.Tiles.Count - 1})."));
        _listener?.Computing(jobId, tile, this.GetPrimaryKeyString());
        try
        {
            return (await Task.Run(() => job.Compute(tile)), null);
        }
        catch (Exception rejected) when (rejected is ArgumentException or NotSupportedException)
        {
            return (null, TileOutcome.Refused(tile, $"Tile {tile} of job {jobId}: {rejected.Message}"));
        }
    }

    /// <summary>An input of the job as a tensor: kept from an earlier job on the same data, or fetched from the client and checked.</summary>
    private async Task<object> InputAsync(string jobId, InputRef reference, KernelPrecision precision, string name, IJobClient client)
    {
        if (_inputs.Find(precision, reference) is { } kept) return kept;
        // In chunks, each far below Orleans' message limit; the size was checked against MaxInputBytes with the job.
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)reference.Bytes));
        for (long offset = 0; offset < bytes.LongLength; offset += IJobClient.InputChunkBytes)
        {
            int count = (int)Math.Min(IJobClient.InputChunkBytes, bytes.LongLength - offset);
            var chunk = await client.GetInput(jobId, reference.Sha256, offset, count);
            if (chunk is null || chunk.Length != count)
                throw new ArgumentException($"{name}: the client sent {chunk?.Length ?? 0} bytes for bytes {offset}…{offset + count} of the input, expected {count}.", name);
            chunk.CopyTo(bytes.AsSpan((int)offset));
        }
        _listener?.InputsFetched(jobId, this.GetPrimaryKeyString());
        var tensor = PreparedJob.InputTensor(reference, new WireArray(reference.Shape, bytes), precision, name);
        _inputs.Add(precision, reference, tensor);
        return tensor;
    }
}
