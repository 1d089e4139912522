namespace NeuralTangents.Benchmarks;

/// <summary>What a workload's rate is compared with: another workload's rate scaled, and how that was obtained.</summary>
/// <param name="ReferenceId">The workload whose measured rate gives the limit.</param>
/// <param name="Scale">Multiplies the reference's rate (e.g. bytes/s → entries/s).</param>
/// <param name="How">A short statement of the limit, for the table.</param>
internal sealed record LimitSpec(string ReferenceId, double Scale, string How);

/// <summary>One measured operation: an amount of work per run and the code that does it.</summary>
/// <param name="Id">A stable key (also the BenchmarkDotNet parameter).</param>
/// <param name="Title">The row title.</param>
/// <param name="Size">The problem size as text.</param>
/// <param name="Work">Units of work in one run (FLOPs, kernel entries or bytes).</param>
/// <param name="Unit">The unit of the rate: "GFLOP/s", "entries/s" or "GB/s".</param>
/// <param name="BytesPerUnit">For kernels: result bytes per entry, to report GB/s beside entries/s; else 0.</param>
/// <param name="Run">Does the work once.</param>
/// <param name="Limit">The achievable limit it is compared with; null for a workload that is itself a limit.</param>
internal sealed record Workload(string Id, string Title, string Size, double Work, string Unit, double BytesPerUnit, Action Run, LimitSpec? Limit)
{
    /// <summary>The rate for one run taking <paramref name="seconds"/>, in the workload's unit.</summary>
    public double Rate(double seconds) => Unit switch
    {
        "GFLOP/s" or "GB/s" => Work / seconds / 1e9,
        _ => Work / seconds,
    };
}
