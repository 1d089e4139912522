using System.Diagnostics;
using NeuralTangents;

namespace NeuralTangents.Tests.Support;

/// <summary>
/// Cancels a kernel computation a short time after it starts and records how it ended: whether it threw
/// <see cref="OperationCanceledException"/>, how long after the cancellation, and the largest fraction of the kernel
/// that progress had reported done by then. Load-independent checks compare that fraction with 1 (the whole kernel);
/// the latency is reported, not asserted, since two shared cores make any time bound flaky.
/// </summary>
public static class CancellationProbe
{
    /// <summary>How a cancelled computation ended.</summary>
    /// <param name="Cancelled">Whether it threw <see cref="OperationCanceledException"/> (false: it ran to its end).</param>
    /// <param name="Latency">From the cancellation to the end of the call.</param>
    /// <param name="FractionDone">The largest <see cref="KernelProgress.EntriesDone"/> reported, over every entry of the kernel.</param>
    /// <param name="Reports">Progress reports received.</param>
    public readonly record struct Outcome(bool Cancelled, TimeSpan Latency, double FractionDone, int Reports)
    {
        public override string ToString() =>
            $"{(Cancelled ? "cancelled" : "ran to its end")} {Latency.TotalMilliseconds:F0} ms after the cancellation, {FractionDone:P1} of the entries reported done in {Reports} report(s)";
    }

    /// <summary>
    /// Runs <paramref name="compute"/> with <paramref name="options"/> plus a token cancelled <paramref name="delay"/> after
    /// the start (or at the first progress report, when <paramref name="orAtFirstReport"/> and that comes first) and a
    /// progress sink; <paramref name="entries"/> is the number of kernel entries (n1 × n2). Cancelling at the first report
    /// makes the test independent of the machine's speed: the kernel is always cancelled while it runs.
    /// </summary>
    public static Outcome CancelAfter(TimeSpan delay, long entries, KernelOptions options, Action<KernelOptions> compute, bool orAtFirstReport = false)
    {
        using var source = new CancellationTokenSource();
        long done = 0;
        int reports = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan cancelledAt = TimeSpan.Zero;
        var probed = options with
        {
            CancellationToken = source.Token,
            Progress = new SynchronousProgress<KernelProgress>(p =>
            {
                if (Interlocked.Increment(ref reports) == 1 && orAtFirstReport && !source.IsCancellationRequested)
                {
                    cancelledAt = clock.Elapsed;
                    source.Cancel();
                }
                long seen;
                while ((seen = Interlocked.Read(ref done)) < p.EntriesDone && Interlocked.CompareExchange(ref done, p.EntriesDone, seen) != seen)
                {
                }
            }),
        };
        using var timer = new Timer(_ =>
        {
            if (source.IsCancellationRequested) return;
            cancelledAt = clock.Elapsed;
            source.Cancel();
        }, null, delay, Timeout.InfiniteTimeSpan);
        bool cancelled = false;
        try
        {
            compute(probed);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }
        var end = clock.Elapsed;
        timer.Dispose();
        return new Outcome(cancelled, cancelledAt == TimeSpan.Zero ? TimeSpan.Zero : end - cancelledAt, (double)Interlocked.Read(ref done) / entries, reports);
    }
}
