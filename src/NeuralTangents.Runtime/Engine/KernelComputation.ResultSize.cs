using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>The check that the requested result fits in memory, made before anything is allocated.</summary>
internal static partial class KernelComputation
{
    /// <summary>
    /// Checks before allocating that the result fits: each requested N1×N2 array (times the spatial values per pair
    /// when the outputs keep spatial axes) within one .NET array, and all of them with the variances within
    /// <see cref="KernelOptions.MaxResultBytes"/>. The message names the limit actually hit and the remedies for it.
    /// </summary>
    private static void CheckResultFits(int n1, int n2, int varianceItems2, int perPair, int elementSize, int arrays, SpatialLayout? layout, KernelOptions options)
    {
        long kernelValues = (long)n1 * n2 * perPair;
        long needed = (kernelValues * arrays + (long)(n1 + varianceItems2) * perPair) * elementSize;
        long allowed = options.MaxResultBytes ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);
        bool tooLong = kernelValues > Array.MaxLength;
        if (needed <= allowed && !tooLong) return;
        string shape = layout is null
            ? $"{arrays} array(s) of {n1}×{n2} entries"
            : $"{arrays} array(s) of {n1}×{n2} pairs × {perPair} spatial values ({layout})";
        string smaller = layout is null ? string.Empty
            : (layout.Form == SpatialForm.Full ? "ask for the diagonal-spatial form (KernelOptions.DiagonalSpatial = true, S values per pair instead of S²), " : string.Empty)
              + "end the network with Flatten or a global pooling layer, ";
        if (tooLong)
        {
            // The array length, not the memory, is the limit: no option raises it, smaller blocks avoid it.
            long rows = Array.MaxLength / ((long)n2 * perPair);
            string blocks = rows > 0
                ? $"compute it in row blocks of at most {rows} rows, KernelFn(x1.SliceRows(start, rows), x2 ?? x1) for each block"
                : $"compute it in blocks of x1's and x2's rows (one row of x1 against all {n2} items of x2 already exceeds it), KernelFn(x1.SliceRows(…), x2.SliceRows(…)) for each block";
            throw new InsufficientMemoryException(
                $"The kernel result ({shape} of {elementSize} bytes) has {kernelValues} values per array, more than the {Array.MaxLength} values one .NET array can hold " +
                $"(Array.MaxLength; KernelOptions.MaxResultBytes cannot raise it); {smaller}{blocks}, and keep or write out the blocks.");
        }
        throw new InsufficientMemoryException(
            $"The kernel result needs {needed} bytes ({shape} of {elementSize} bytes, and the variances) but at most {allowed} bytes are allowed; " +
            $"{smaller}compute it in row blocks (KernelFn(x1.SliceRows(start, rows), x2 ?? x1) for each block), request only one of nngp/ntk, or raise KernelOptions.MaxResultBytes.");
    }
}
