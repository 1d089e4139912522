using System.Numerics;

namespace NeuralTangents.Distributed;

/// <summary>
/// The client's <see cref="IJobClient"/> for one job: serves the job's inputs, stores each tile workers deliver (one at a
/// time, under a lock, with the job's <see cref="TileReceiver{T}"/>), reports progress, and wakes the submitting loop
/// when a tile arrives or one could not be stored. Once closed it refuses tiles, so nothing is written after the job
/// ended or was cancelled.
/// </summary>
internal sealed class JobClientObserver<T> : IJobClient where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly object _gate = new();
    private readonly string _jobId;
    private readonly Dictionary<string, WireArray> _inputs;
    private readonly TileReceiver<T> _receiver;
    private readonly Action<int> _stored;
    private readonly List<int> _unreported = [];
    private bool _closed;
    private Exception? _fault;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="jobId">The job whose tiles this sink takes.</param>
    /// <param name="inputs">The job's inputs (x1, and x2 when there is one), served by their SHA-256.</param>
    /// <param name="receiver">Checks and stores the tiles.</param>
    /// <param name="stored">Called under the sink's lock after each newly stored tile, with the number stored.</param>
    public JobClientObserver(string jobId, IEnumerable<(InputRef Reference, WireArray Data)> inputs, TileReceiver<T> receiver, Action<int> stored)
    {
        _jobId = jobId;
        _inputs = [];
        foreach (var (reference, data) in inputs) _inputs[reference.Sha256] = data;
        _receiver = receiver;
        _stored = stored;
    }

    /// <summary>The tiles stored so far.</summary>
    public int Stored
    {
        get
        {
            lock (_gate) return _receiver.Stored;
        }
    }

    /// <summary>
    /// What the first tile that could not be stored failed with (an <see cref="InvalidDataException"/> for an invalid
    /// tile, an <see cref="IOException"/> for the store, or whatever the progress callback threw), which ends the job;
    /// null while every tile was stored.
    /// </summary>
    public Exception? Fault
    {
        get
        {
            lock (_gate) return _fault;
        }
    }

    /// <summary>The tiles stored since the previous call (for the job grain: <see cref="IKernelJobGrain.Poll"/>).</summary>
    public int[] TakeUnreported()
    {
        lock (_gate)
        {
            int[] tiles = [.. _unreported];
            _unreported.Clear();
            return tiles;
        }
    }

    /// <summary>The tiles stored so far (read under the lock: deliveries add to them concurrently).</summary>
    public int[] StoredTiles()
    {
        lock (_gate) return _receiver.StoredTiles();
    }

    public Task<byte[]> GetInput(string jobId, string sha256, long offset, int count)
    {
        if (jobId != _jobId) throw new ArgumentException($"This client runs job {_jobId}, not job {jobId}.", nameof(jobId));
        if (!_inputs.TryGetValue(sha256 ?? "", out var input)) throw new ArgumentException($"Job {_jobId} has no input with SHA-256 {sha256}.", nameof(sha256));
        if (offset < 0 || count < 0 || count > IJobClient.InputChunkBytes || offset > input.Data.LongLength - count)
            throw new ArgumentException($"Bytes {offset}…{offset + count} are not a chunk of at most {IJobClient.InputChunkBytes} bytes of the input's {input.Data.LongLength}.", nameof(offset));
        return Task.FromResult(input.Data.AsSpan((int)offset, count).ToArray());
    }

    public Task Deliver(string jobId, TileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            lock (_gate)
            {
                if (jobId != _jobId) throw new InvalidOperationException($"This client runs job {_jobId}, not job {jobId}.");
                if (_closed || _fault is not null) throw new InvalidOperationException($"The client no longer takes tiles of job {_jobId}.");
                try
                {
                    if (_receiver.Store(result))
                    {
                        _unreported.Add(result.Index);
                        _stored(_receiver.Stored);
                    }
                }
                catch (Exception fault)
                {
                    // An invalid tile, a full disk, a store that does not match, a progress callback that throws: none
                    // goes away by sending the tile again, so the job ends with it.
                    _fault = fault;
                    throw;
                }
                finally
                {
                    Signal();
                }
            }
        }
        finally
        {
            // The tile came over the network into pooled memory, which goes back to the pool once stored.
            result.Data.Dispose();
        }
        return Task.CompletedTask;
    }

    /// <summary>Waits until a tile is delivered or could not be stored, <paramref name="timeout"/> passes or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate) changed = _changed.Task;
        try
        {
            await changed.WaitAsync(timeout, cancellationToken);
        }
        catch (Exception quiet) when (quiet is TimeoutException or OperationCanceledException)
        {
            // The caller looks at the job again either way.
        }
    }

    /// <summary>Refuses every later tile; a delivery in progress finishes first.</summary>
    public void Close()
    {
        lock (_gate) _closed = true;
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.SetResult();
    }
}
