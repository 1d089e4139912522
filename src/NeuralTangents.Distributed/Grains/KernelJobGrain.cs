using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace NeuralTangents.Distributed;

/// <summary>
/// The job grain (see <see cref="IKernelJobGrain"/>). <see cref="DistributedSiloOptions.TilesInFlightPerSilo"/>
/// dispatch loops per active silo each keep one tile in flight on that silo's worker (which computes them one after
/// the other: the next tile waits at the worker, not on the way to it); a call that fails (the silo was lost, the call timed out) puts the tile back at the head of the
/// queue and rests that silo for <see cref="DistributedSiloOptions.SiloBackoff"/>. Reentrant: the loops, the client's
/// polls and the workers' <see cref="GetSpec"/> interleave at awaits on the grain's single thread.
/// </summary>
[Reentrant]
internal sealed class KernelJobGrain(IClusterMembershipService membership, ILocalSiloDetails silo, IOptions<DistributedSiloOptions> options,
    ILogger<KernelJobGrain> logger)
    : Grain, IKernelJobGrain
{
    private readonly DistributedSiloOptions _options = options.Value;
    private readonly List<int> _pending = [];
    private readonly Dictionary<int, string> _inFlight = [];
    private readonly List<TileResult> _finished = [];
    private readonly Dictionary<int, int> _failures = [];
    private readonly Dictionary<string, int> _loops = [];
    private readonly Dictionary<string, DateTime> _restingUntil = [];
    private KernelJobSpec? _spec;
    private JobState _state = JobState.Unknown;
    private string? _error;

    public Task Start(KernelJobSpec spec, int[] finished)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(finished);
        int tiles;
        try
        {
            if (!JobIds.IsValid(this.GetPrimaryKeyString()))
                throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a job id ({JobIds.Description}).");
            tiles = PreparedJob.Create(spec, _options).Tiles.Count;
        }
        catch (Exception invalid) when (invalid is ArgumentException or FormatException)
        {
            throw new ArgumentException($"Invalid job {this.GetPrimaryKeyString()}: {invalid.Message}");
        }
        var done = new HashSet<int>(finished);
        foreach (int tile in done)
            if (tile < 0 || tile >= tiles) throw new ArgumentException($"Finished tile {tile} is outside the job's grid of {tiles} tiles.", nameof(finished));
        // A running job keeps its unacknowledged tiles (the client's poll failed, not the grain); the rest starts afresh.
        if (_state != JobState.Running) _finished.Clear();
        _finished.RemoveAll(result => done.Contains(result.Index));
        done.UnionWith(_finished.Select(result => result.Index));
        done.UnionWith(_inFlight.Keys);
        _spec = spec;
        _state = JobState.Running;
        _error = null;
        _failures.Clear();
        _pending.Clear();
        for (int tile = 0; tile < tiles; tile++)
            if (!done.Contains(tile)) _pending.Add(tile);
        EnsureLoops();
        return Task.CompletedTask;
    }

    public Task<KernelJobSpec> GetSpec() =>
        Task.FromResult(_spec ?? throw new InvalidOperationException($"Job {this.GetPrimaryKeyString()} is not running on this cluster."));

    public Task<JobSnapshot> Poll(int[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Length > 0)
        {
            var acknowledged = new HashSet<int>(stored);
            _finished.RemoveAll(result => acknowledged.Contains(result.Index));
        }
        if (_state == JobState.Running) EnsureLoops();
        // The oldest tiles up to the answer's byte budget (at least one): an answer must stay far below Orleans' message
        // limit, or it would be lost every time and, never acknowledged, grow with every poll.
        var answer = new List<TileResult>();
        long bytes = 0;
        foreach (var result in _finished)
        {
            long size = Bytes(result);
            if (answer.Count > 0 && bytes + size > _options.MaxPollBytes) break;
            answer.Add(result);
            bytes += size;
        }
        return Task.FromResult(new JobSnapshot(_state, _error, [.. answer], _pending.Count, _inFlight.Count, silo.SiloAddress.ToParsableString()));
    }

    private static long Bytes(TileResult result) =>
        (result.Nngp?.Data.LongLength ?? 0) + (result.Ntk?.Data.LongLength ?? 0) + (result.Cov1?.Data.LongLength ?? 0) + (result.Cov2?.Data.LongLength ?? 0);

    public Task Cancel()
    {
        Stop(JobState.Cancelled);
        return Task.CompletedTask;
    }

    public Task Complete()
    {
        Stop(JobState.Completed);
        _spec = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private void Stop(JobState state)
    {
        _state = state;
        _pending.Clear();
        _finished.Clear();
    }

    /// <summary>Tops up the dispatch loops of each active silo that is not resting after a failure.</summary>
    private void EnsureLoops()
    {
        var now = DateTime.UtcNow;
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active) continue;
            string silo = member.SiloAddress.ToParsableString();
            if (_restingUntil.TryGetValue(silo, out var until) && until > now) continue;
            // A loop with nothing to do ends at once (and counts itself out), hence the checks of the queue and state.
            while (_loops.GetValueOrDefault(silo) < _options.TilesInFlightPerSilo && _pending.Count > 0 && _state == JobState.Running)
            {
                _loops[silo] = _loops.GetValueOrDefault(silo) + 1;
                _ = Dispatch(silo);
            }
        }
    }

    private async Task Dispatch(string silo)
    {
        var worker = GrainFactory.GetGrain<ITileWorkerGrain>(silo);
        string jobId = this.GetPrimaryKeyString();
        try
        {
            while (_state == JobState.Running && _pending.Count > 0)
            {
                // The client drains finished tiles; a full buffer waits for it rather than piling up tiles in memory.
                if (_finished.Count >= _options.FinishedBuffer)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                    continue;
                }
                int tile = _pending[0];
                _pending.RemoveAt(0);
                _inFlight[tile] = silo;
                TileResult result;
                try
                {
                    result = await worker.Compute(jobId, tile);
                }
                catch (Exception lost)
                {
                    _inFlight.Remove(tile);
                    Requeue(tile, silo, lost);
                    return;
                }
                _inFlight.Remove(tile);
                if (_state != JobState.Running) return;
                if (result.Error is not null)
                {
                    Fail(result.Error);
                    return;
                }
                _finished.Add(result with { Index = tile });
            }
        }
        finally
        {
            if (--_loops[silo] == 0) _loops.Remove(silo);
        }
    }

    private void Requeue(int tile, string silo, Exception error)
    {
        _restingUntil[silo] = DateTime.UtcNow + _options.SiloBackoff;
        int failures = _failures[tile] = _failures.GetValueOrDefault(tile) + 1;
        logger.LogWarning(error, "Tile {Tile} failed on silo {Silo} (failure {Failures}); it goes back to the queue.", tile, silo, failures);
        if (_state != JobState.Running) return;
        if (failures >= _options.MaxTileFailures)
            Fail($"Tile {tile} failed {failures} times; the last error ({error.GetType().Name}): {error.Message}");
        else
            _pending.Insert(0, tile);
    }

    private void Fail(string error)
    {
        logger.LogError("Job {Job} failed: {Error}", this.GetPrimaryKeyString(), error);
        Stop(JobState.Failed);
        _error = error;
    }
}
