namespace DistributedKernel;

/// <summary>Reports on the reporting thread, as each report is made (<see cref="Progress{T}"/> would post them to the thread pool, out of order with the command's own lines).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
