using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>The check that the requested result fits in memory, made before anything is allocated.</summary>
internal static partial class KernelComputation
{
    /// <summary>
    /// Checks before allocating that the result fits: the requested N1×N2 arrays (times the spatial values per pair
    /// when the outputs keep spatial axes) and the variances.
    /// </summary>
    private static void CheckResultFits(int n1, int n2, int varianceItems2, int perPair, int elementSize, int arrays, SpatialLayout? layout, KernelOptions options)
    {
        long kernelValues = (long)n1 * n2 * perPair;
        long needed = (kernelValues * arrays + (long)(n1 + varianceItems2) * perPair) * elementSize;
        long allowed = options.MaxResultBytes ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);
        if (needed <= allowed && kernelValues <= Array.MaxLength) return;
        if (layout is null)
            throw new InsufficientMemoryException(
                $"The kernel result needs {needed} bytes ({arrays} array(s) of {n1}×{n2} entries of {elementSize} bytes, and the variances) but at most {allowed} bytes are allowed; " +
                "compute it in row blocks (slice x1), request only one of nngp/ntk, or raise KernelOptions.MaxResultBytes.");
        string smaller = layout.Form == SpatialForm.Full
            ? "ask for the diagonal-spatial form (KernelOptions.DiagonalSpatial = true, S values per pair instead of S²), "
            : string.Empty;
        throw new InsufficientMemoryException(
            $"The kernel result needs {needed} bytes ({arrays} array(s) of {n1}×{n2} pairs × {perPair} spatial values ({layout}) of {elementSize} bytes, and the variances) " +
            $"but at most {allowed} bytes are allowed{(kernelValues > Array.MaxLength ? $", and one array may hold at most {Array.MaxLength} values" : string.Empty)}; " +
            $"{smaller}end the network with Flatten or a global pooling layer, compute it in row blocks (slice x1), request only one of nngp/ntk, or raise KernelOptions.MaxResultBytes.");
    }
}
