using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace NeuralTangents.Distributed;

/// <summary>
/// The worker of one silo (see <see cref="ITileWorkerGrain"/>): placed on the silo its key names, it keeps the
/// prepared job (network and inputs) of the last job it served, computes each tile on the thread pool and sends it to
/// the client's sink. Reentrant, with one tile computed at a time: the next tile computes while the previous one
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

    public async Task<TileOutcome> Compute(string jobId, int tile, ITileSink sink)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(sink);
        TileResult result;
        await _computing.WaitAsync();
        try
        {
            var computed = await ComputeAsync(jobId, tile);
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

    /// <summary>The tile, or the outcome that refuses it; the job's inputs are fetched on its first tile here.</summary>
    private async Task<(TileResult? Result, TileOutcome? Outcome)> ComputeAsync(string jobId, int tile)
    {
        string silo = this.GetPrimaryKeyString();
        // Only a job's grain is asked for its inputs: any other key would activate a grain for nothing.
        if (!JobIds.IsValid(jobId)) return (null, TileOutcome.Refused(tile, $"'{jobId}' is not a job id ({JobIds.Description})."));
        if (_jobId != jobId)
        {
            var spec = await GrainFactory.GetGrain<IKernelJobGrain>(jobId).GetSpec();
            _listener?.InputsFetched(jobId, silo);
            try
            {
                _job = PreparedJob.Create(spec, options.Value);
            }
            catch (Exception invalid) when (invalid is ArgumentException or FormatException)
            {
                return (null, TileOutcome.Refused(tile, $"Invalid job {jobId}: {invalid.Message}"));
            }
            _jobId = jobId;
        }
        var job = _job!;
        if (tile < 0 || tile >= job.Tiles.Count)
            return (null, TileOutcome.Refused(tile, $"Tile {tile} is outside job {jobId}'s grid of {job.Tiles.Count} tiles (0…{job.Tiles.Count - 1})."));
        _listener?.Computing(jobId, tile, silo);
        try
        {
            return (await Task.Run(() => job.Compute(tile)), null);
        }
        catch (Exception rejected) when (rejected is ArgumentException or NotSupportedException)
        {
            return (null, TileOutcome.Refused(tile, $"Tile {tile} of job {jobId}: {rejected.Message}"));
        }
    }
}
