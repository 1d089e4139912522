namespace NeuralTangents.LinearAlgebra;

/// <summary>Which implementation runs a precision's GEMM and SYRK, and why (measured times or an override).</summary>
/// <param name="Managed">Whether the managed packed GEMM runs them (else OpenBLAS).</param>
/// <param name="Reason">A readable reason, e.g. "measured 1.9 ms against OpenBLAS 3.4 ms on 512×512×784".</param>
internal sealed record GemmChoice(bool Managed, string Reason)
{
    /// <summary>Rows of the probe's C.</summary>
    public const int ProbeRows = 512;

    /// <summary>Columns of the probe's C.</summary>
    public const int ProbeColumns = 512;

    /// <summary>Length of the probe's sums (the pixels of a Fashion-MNIST image).</summary>
    public const int ProbeDepth = 784;

    /// <summary>The faster of the two measured times; OpenBLAS on a tie.</summary>
    public static GemmChoice Faster(double nativeSeconds, double managedSeconds)
    {
        bool managed = managedSeconds < nativeSeconds;
        return new GemmChoice(managed,
            $"measured {1e3 * (managed ? managedSeconds : nativeSeconds):F2} ms against " +
            $"{(managed ? "OpenBLAS" : "managed")} {1e3 * (managed ? nativeSeconds : managedSeconds):F2} ms " +
            $"on {ProbeRows}×{ProbeColumns}×{ProbeDepth}");
    }

    /// <summary>"managed (…)" or "OpenBLAS (…)".</summary>
    public override string ToString() => $"{(Managed ? "managed" : "OpenBLAS")} ({Reason})";
}
