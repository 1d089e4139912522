using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace NeuralTangents.Distributed;

/// <summary>
/// The job grain (see <see cref="IKernelJobGrain"/>). <see cref="DistributedSiloOptions.TilesInFlightPerSilo"/>
/// dispatch loops per active silo each keep one tile in flight on that silo's worker, which computes one tile at a time
/// and sends each to the client's sink itself (so the next tile computes while the previous one travels). A call that
/// fails (the silo was lost, the call timed out) puts the tile back at the head of the queue, unless the client has
/// reported it stored, and rests that silo for <see cref="DistributedSiloOptions.SiloBackoff"/>; a tile the client did
/// not take stalls the job until the client starts it again. Reentrant: the loops, the client's polls and the
/// workers' <see cref="GetSpec"/> interleave at awaits on the grain's single thread.
/// </summary>
[Reentrant]
internal sealed class KernelJobGrain(IClusterMembershipService membership, ILocalSiloDetails silo, IOptions<DistributedSiloOptions> options,
    ILogger<KernelJobGrain> logger)
    : Grain, IKernelJobGrain
{
    private readonly DistributedSiloOptions _options = options.Value;
    private readonly List<int> _pending = [];
    // Keyed by dispatch, not by tile: a tile sent to an observer that was replaced goes out again while the first call
    // may still be on its way back.
    private readonly Dictionary<long, (int Tile, IJobClient Sink)> _inFlight = [];
    private long _dispatches;
    private int _tiles;
    private readonly HashSet<int> _stored = [];
    private readonly Dictionary<int, int> _failures = [];
    private readonly Dictionary<string, int> _loops = [];
    private readonly Dictionary<string, DateTime> _restingUntil = [];
    private KernelJobSpec? _spec;
    private IJobClient? _sink;
    private JobState _state = JobState.Unknown;
    private string? _error;

    public Task<JobSnapshot> Start(KernelJobSpec spec, int[] finished, IJobClient sink)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(finished);
        ArgumentNullException.ThrowIfNull(sink);
        int tiles;
        try
        {
            if (!JobIds.IsValid(this.GetPrimaryKeyString()))
                throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a job id ({JobIds.Description}).");
            tiles = JobPlan.Create(spec, _options).Tiles.Count;
        }
        catch (Exception invalid) when (invalid is ArgumentException or FormatException)
        {
            throw new ArgumentException($"Invalid job {this.GetPrimaryKeyString()}: {invalid.Message}");
        }
        var done = new HashSet<int>(finished);
        foreach (int tile in done)
            if (tile < 0 || tile >= tiles) throw new ArgumentException($"Finished tile {tile} is outside the job's grid of {tiles} tiles (0…{tiles - 1}).", nameof(finished));
        // What the client has: its list, and, when it starts the job again with the same observer (after a stall or a
        // lost poll), the tiles delivered to it since, which its list may have been read too early to hold. A new
        // observer is a new client session, whose list is the whole truth: it may have dropped tiles whose checksums
        // failed.
        if (!Equals(sink, _sink)) _stored.Clear();
        _stored.UnionWith(done);
        done.UnionWith(_stored);
        // Tiles in flight to this observer reach it on their own (or come back undelivered); those sent to an observer
        // replaced since cannot reach this client, and go out again.
        done.UnionWith(_inFlight.Values.Where(flight => Equals(flight.Sink, sink)).Select(flight => flight.Tile));
        _tiles = tiles;
        _spec = spec;
        _sink = sink;
        _state = JobState.Running;
        _error = null;
        _failures.Clear();
        _pending.Clear();
        for (int tile = 0; tile < tiles; tile++)
            if (!done.Contains(tile)) _pending.Add(tile);
        EnsureLoops();
        return Task.FromResult(Snapshot());
    }

    public Task<KernelJobSpec> GetSpec() =>
        Task.FromResult(_spec ?? throw new InvalidOperationException($"Job {this.GetPrimaryKeyString()} is not running on this cluster."));

    public Task<JobSnapshot> Poll(int[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        _stored.UnionWith(stored.Where(tile => tile >= 0 && tile < _tiles));
        if (stored.Length > 0) _pending.RemoveAll(_stored.Contains);
        if (_state == JobState.Running) EnsureLoops();
        return Task.FromResult(Snapshot());
    }

    private JobSnapshot Snapshot() => new(_state, _error, _pending.Count, _inFlight.Count, silo.SiloAddress.ToParsableString());

    public Task Cancel()
    {
        Stop(JobState.Cancelled);
        return Task.CompletedTask;
    }

    public Task Complete()
    {
        Stop(JobState.Completed);
        _spec = null;
        _sink = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private void Stop(JobState state)
    {
        _state = state;
        _pending.Clear();
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
            while (_state == JobState.Running && _pending.Count > 0 && _sink is { } sink)
            {
                int tile = _pending[0];
                _pending.RemoveAt(0);
                long dispatch = ++_dispatches;
                _inFlight[dispatch] = (tile, sink);
                TileOutcome outcome;
                try
                {
                    outcome = await worker.Compute(jobId, tile, sink);
                }
                catch (Exception lost)
                {
                    _inFlight.Remove(dispatch);
                    // A tile sent to a replaced observer went out again when the new one came.
                    if (Equals(sink, _sink)) Requeue(tile, silo, lost);
                    return;
                }
                _inFlight.Remove(dispatch);
                bool current = Equals(sink, _sink);
                if (outcome.Kind == TileOutcomeKind.Delivered && current) _stored.Add(tile);
                if (_state != JobState.Running) return;
                // An answer about a replaced observer says nothing about the client now running the job.
                if (!current) continue;
                switch (outcome.Kind)
                {
                    case TileOutcomeKind.Refused:
                        Fail(outcome.Error ?? $"Tile {tile} was refused.");
                        return;
                    case TileOutcomeKind.Undelivered:
                        Stall(tile, outcome.Error ?? "the client did not take the tile");
                        return;
                }
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
        // Delivered before the call failed: the client has it.
        if (_state != JobState.Running || _stored.Contains(tile)) return;
        if (failures >= _options.MaxTileFailures)
            Fail($"Tile {tile} failed {failures} times; the last error ({error.GetType().Name}): {error.Message}");
        else
            _pending.Insert(0, tile);
    }

    /// <summary>The client did not take a tile: it goes back to the queue, and nothing more is handed out until the client starts the job again.</summary>
    private void Stall(int tile, string error)
    {
        logger.LogWarning("Job {Job}: tile {Tile} could not be delivered to the client ({Error}); the job waits for the client.", this.GetPrimaryKeyString(), tile, error);
        if (!_stored.Contains(tile)) _pending.Insert(0, tile);
        _state = JobState.Stalled;
        _error = $"Tile {tile} could not be delivered to the client: {error}";
    }

    private void Fail(string error)
    {
        logger.LogError("Job {Job} failed: {Error}", this.GetPrimaryKeyString(), error);
        Stop(JobState.Failed);
        _error = error;
    }
}
