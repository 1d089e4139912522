using System.Numerics;

namespace NeuralTangents.Distributed;

/// <summary>
/// The client's <see cref="IJobClient"/> for one job: serves the job's inputs, stores each tile workers deliver (one at a
/// time, under a lock, with the job's <see cref="TileReceiver{T}"/>), reports progress, and wakes the submitting loop
/// when a tile arrives or a received tile is invalid. Once closed it refuses tiles, so nothing is written after the job
/// ended or was cancelled.
/// </summary>
internal sealed class JobClientObserver<T> : IJobClient where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly object _gate = new();
    private readonly string _jobId;
    private readonly Dictionary<string, WireArray> _inputs;
    private readonly TileReceiver<T> _receiver;
    private readonly Action<int> _stored;
    private readonly Func<int> _count;
    private readonly List<int> _unreported = [];
    private bool _closed;
    private InvalidDataException? _invalid;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="jobId">The job whose tiles this sink takes.</param>
    /// <param name="inputs">The job's inputs (x1, and x2 when there is one), served by their SHA-256.</param>
    /// <param name="receiver">Checks and stores the tiles.</param>
    /// <param name="count">The number of tiles stored (read under the sink's lock).</param>
    /// <param name="stored">Called under the sink's lock after each newly stored tile, with the number stored.</param>
    public JobClientObserver(string jobId, IEnumerable<(InputRef Reference, WireArray Data)> inputs, TileReceiver<T> receiver, Func<int> count, Action<int> stored)
    {
        _jobId = jobId;
        _inputs = [];
        foreach (var (reference, data) in inputs) _inputs[reference.Sha256] = data;
        _receiver = receiver;
        _count = count;
        _stored = stored;
    }

    /// <summary>The tiles stored so far.</summary>
    public int Stored
    {
        get
        {
            lock (_gate) return _count();
        }
    }

    /// <summary>The first invalid tile received, which ends the job; null while none was.</summary>
    public InvalidDataException? Invalid
    {
        get
        {
            lock (_gate) return _invalid;
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

    /// <summary>Reads state the deliveries change (the progress file's records) under the sink's lock.</summary>
    public TResult Locked<TResult>(Func<TResult> read)
    {
        lock (_gate) return read();
    }

    public Task<WireArray> GetInput(string jobId, string sha256)
    {
        if (jobId != _jobId) throw new ArgumentException($"This client runs job {_jobId}, not job {jobId}.", nameof(jobId));
        return Task.FromResult(_inputs.TryGetValue(sha256 ?? "", out var input)
            ? input
            : throw new ArgumentException($"Job {_jobId} has no input with SHA-256 {sha256}.", nameof(sha256)));
    }

    public Task Deliver(string jobId, TileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            lock (_gate)
            {
                if (jobId != _jobId) throw new InvalidOperationException($"This client runs job {_jobId}, not job {jobId}.");
                if (_closed || _invalid is not null) throw new InvalidOperationException($"The client no longer takes tiles of job {_jobId}.");
                try
                {
                    if (_receiver.Store(result))
                    {
                        _unreported.Add(result.Index);
                        _stored(_count());
                    }
                }
                catch (InvalidDataException invalid)
                {
                    _invalid = invalid;
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

    /// <summary>Waits until a tile is delivered, an invalid one was received, <paramref name="timeout"/> passes or <paramref name="cancellationToken"/> is cancelled.</summary>
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
