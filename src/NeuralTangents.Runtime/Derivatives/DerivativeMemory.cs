using System.Runtime.InteropServices;

namespace NeuralTangents;

/// <summary>
/// The memory a kernel-derivative result needs, checked before anything is allocated: the kernel and one N1 × N2 array
/// per derivative and output, which grows with the number of hyperparameters (or, for input derivatives, with the
/// features of one input item) and quickly exceeds what a kernel alone needs; and the variance tables the computation
/// keeps throughout (every nonlinearity's input variance per item and position, and their tangents), which for a CNN
/// and few x1 items against many x2 items outweigh the result.
/// </summary>
internal static class DerivativeMemory
{
    /// <summary>
    /// Throws <see cref="InsufficientMemoryException"/> naming the sizes and what to change when <paramref name="derivatives"/>
    /// derivative arrays and the kernel, for <paramref name="outputs"/> outputs (nngp, ntk) of <paramref name="n1"/> ×
    /// <paramref name="n2"/> entries, with <paramref name="tableValuesPerRow"/> table values per x1 item and
    /// <paramref name="tableValuesFixed"/> for x2, would exceed <see cref="KernelOptions.MaxResultBytes"/> (default: 80% of
    /// the memory available to the process), or when one array would be longer than .NET allows. <paramref name="gramArrays"/>
    /// more n1 × n2 arrays hold the input Gram (networks without spatial axes compute it once, up front);
    /// <paramref name="workingBytes"/> is what the workers hold while they run (a state per derivative each), whatever the sizes: it
    /// must fit in memory beside the result, but is not part of it.
    /// </summary>
    public static void Check<T>(int n1, int n2, int outputs, int derivatives, string what, KernelOptions options, long tableValuesPerRow = 0,
        long tableValuesFixed = 0, int gramArrays = 0, long workingBytes = 0) where T : unmanaged
    {
        long entries = (long)n1 * n2;
        long arrays = (long)outputs * (1 + derivatives);
        long elementSize = Marshal.SizeOf<T>();
        long tables = (n1 * tableValuesPerRow + tableValuesFixed) * elementSize;
        long needed = entries * (arrays + gramArrays) * elementSize + (long)(n1 + n2) * elementSize + tables;
        long allowed = options.MaxResultBytes ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);
        if (entries > Array.MaxLength)
            throw new InsufficientMemoryException(
                $"The kernel derivatives of {n1}×{n2} entries need arrays of {entries} values, more than the {Array.MaxLength} one .NET array holds; " +
                "compute them in row blocks of x1 (x1.SliceRows(start, rows)) against x2.");
        // The workers' states are not part of the result (MaxResultBytes): they only have to fit in memory beside it.
        long available = (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);
        if (needed <= allowed && needed + workingBytes > available)
            throw new InsufficientMemoryException(
                $"The kernel derivatives need {workingBytes} bytes of working state while they run (each worker holds the kernel's state and one per " +
                $"derivative, {derivatives} of them: {what}) beside {needed} bytes of results, more than the {available} bytes (80% of the memory available " +
                "to the process) there are; ask for fewer derivatives (for input derivatives: fewer input features, e.g. smaller images).");
        if (needed <= allowed) return;
        // A row block of x1 needs its rows of every array and its items' tables; x2's items and tables stay whatever the block.
        long perRow = ((long)n2 * (arrays + gramArrays) + 1 + tableValuesPerRow) * elementSize;
        long rows = (allowed - ((long)n2 + tableValuesFixed) * elementSize) / perRow;
        string change = rows >= 1
            ? $"ask for fewer derivatives or one output (get), or compute row blocks of at most {rows} rows of x1 (x1.SliceRows(start, rows)) against x2."
            : $"x2's {n2} items alone need more than that: ask for fewer derivatives or one output (get), or use fewer x2 items.";
        string tableNote = (tables == 0 ? "" : $", and {tables} bytes of variance tables (each nonlinearity's input variance per item and position, with their tangents)")
            + (gramArrays == 0 ? "" : $", and the input Gram ({gramArrays} more array(s) of {n1}×{n2})");
        throw new InsufficientMemoryException(
            $"The kernel derivatives need {needed} bytes ({arrays} arrays of {n1}×{n2} entries of {elementSize} bytes: {outputs} output(s), each the kernel and " +
            $"{derivatives} derivative(s), {what}{tableNote}) but at most {allowed} bytes are allowed (KernelOptions.MaxResultBytes, or 80% of the available memory); " +
            change);
    }
}
