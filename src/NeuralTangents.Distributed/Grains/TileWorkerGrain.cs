using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NeuralTangents.Distributed;

/// <summary>
/// The worker of one silo (see <see cref="ITileWorkerGrain"/>): placed on the silo its key names, it keeps the
/// prepared job (network and inputs) of the last job it served, and computes each tile on the thread pool.
/// </summary>
[SiloTargetedPlacement]
internal sealed class TileWorkerGrain(IOptions<DistributedSiloOptions> options, IServiceProvider services) : Grain, ITileWorkerGrain
{
    private readonly ITileListener? _listener = services.GetService<ITileListener>();
    private string? _jobId;
    private PreparedJob? _job;

    public async Task<TileResult> Compute(string jobId, int tile)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        string silo = this.GetPrimaryKeyString();
        // Only a job's grain is asked for its inputs: any other key would activate a grain for nothing.
        if (!JobIds.IsValid(jobId)) return TileResult.Failed(tile, $"'{jobId}' is not a job id ({JobIds.Description}).");
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
                return TileResult.Failed(tile, $"Invalid job {jobId}: {invalid.Message}");
            }
            _jobId = jobId;
        }
        var job = _job!;
        if (tile < 0 || tile >= job.Tiles.Count)
            return TileResult.Failed(tile, $"Tile {tile} is outside job {jobId}'s grid of {job.Tiles.Count} tiles (0…{job.Tiles.Count - 1}).");
        _listener?.Computing(jobId, tile, silo);
        try
        {
            return await Task.Run(() => job.Compute(tile));
        }
        catch (Exception rejected) when (rejected is ArgumentException or NotSupportedException)
        {
            return TileResult.Failed(tile, $"Tile {tile} of job {jobId}: {rejected.Message}");
        }
    }
}
