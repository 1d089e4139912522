using System.Numerics;
using NeuralTangents.Storage;

namespace NeuralTangents;

/// <summary>
/// A kernel kept on disk in a folder of NumPy files: <c>nngp.npy</c> and <c>ntk.npy</c> (N1 × N2, followed by the
/// spatial axes of spatial outputs, as <see cref="Kernel{T}"/>), <c>cov1.npy</c> and, when x2 was given,
/// <c>cov2.npy</c>. Each is an <see cref="NpyFile{T}"/>, read and written in blocks; written by <see cref="KernelStore.Compute{T}"/>,
/// read by <see cref="Predict.GpInference{T}(StoredKernel{T}, Tensor{T}, double, bool, StoredSolverOptions?)"/> or by
/// <c>numpy.load(folder + '/nngp.npy', mmap_mode='r')</c>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class StoredKernel<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The file name of the NNGP kernel in the folder.</summary>
    public const string NngpFileName = "nngp.npy";

    /// <summary>The file name of the NTK in the folder.</summary>
    public const string NtkFileName = "ntk.npy";

    /// <summary>The file name of x1's variances in the folder.</summary>
    public const string Cov1FileName = "cov1.npy";

    /// <summary>The file name of x2's variances in the folder (absent when x2 was x1).</summary>
    public const string Cov2FileName = "cov2.npy";

    internal StoredKernel(string folder, NpyFile<T>? nngp, NpyFile<T>? ntk, NpyFile<T>? cov1, NpyFile<T>? cov2)
    {
        Folder = folder;
        Nngp = nngp;
        Ntk = ntk;
        Cov1 = cov1;
        Cov2 = cov2;
    }

    /// <summary>The folder holding the files.</summary>
    public string Folder { get; }

    /// <summary>The NNGP kernel; null when it was not computed.</summary>
    public NpyFile<T>? Nngp { get; }

    /// <summary>The NTK; null when it was not computed.</summary>
    public NpyFile<T>? Ntk { get; }

    /// <summary>The variances of x1's outputs; null when the folder has none.</summary>
    public NpyFile<T>? Cov1 { get; }

    /// <summary>The variances of x2's outputs; null when x2 was x1 (or the folder has none).</summary>
    public NpyFile<T>? Cov2 { get; }

    /// <summary>N1, the rows of the kernel.</summary>
    public int Rows => (Nngp ?? Ntk)!.Rows;

    /// <summary>N2, the columns of the kernel.</summary>
    public int Columns => (Nngp ?? Ntk)!.Columns;

    /// <summary>
    /// Opens the kernel files of <paramref name="folder"/> (those present; at least one of nngp.npy and ntk.npy),
    /// checking that they agree in shape.
    /// </summary>
    /// <param name="folder">The folder <see cref="KernelStore.Compute{T}"/> wrote (or one with NumPy's files of these names).</param>
    /// <param name="writable">Whether blocks may be written.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder has neither nngp.npy nor ntk.npy.</exception>
    /// <exception cref="NpyFormatException">A file is malformed, of another dtype, or its shape does not match the others.</exception>
    public static StoredKernel<T> Open(string folder, bool writable = false)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The kernel folder {folder} does not exist.");
        var opened = new List<NpyFile<T>>();
        NpyFile<T>? OpenIfPresent(string name, int[]? shape)
        {
            string path = Path.Combine(folder, name);
            if (!File.Exists(path)) return null;
            var file = NpyFile<T>.Open(path, shape, writable);
            opened.Add(file);
            return file;
        }
        try
        {
            var nngp = OpenIfPresent(NngpFileName, null);
            var ntk = OpenIfPresent(NtkFileName, nngp?.Shape);
            var kernel = nngp ?? ntk
                ?? throw new FileNotFoundException($"The kernel folder {folder} has neither {NngpFileName} nor {NtkFileName}.", Path.Combine(folder, NngpFileName));
            if (kernel.Shape.Length < 2)
                throw new NpyFormatException(kernel.FilePath, $"has shape {NpyHeader.FormatShape(kernel.Shape)}, expected a kernel of shape (N1, N2, …).");
            var cov1 = OpenIfPresent(Cov1FileName, null);
            var cov2 = OpenIfPresent(Cov2FileName, null);
            RequireRows(cov1, kernel.Rows, "N1, the kernel's rows");
            RequireRows(cov2, kernel.Columns, "N2, the kernel's columns");
            return new StoredKernel<T>(folder, nngp, ntk, cov1, cov2);
        }
        catch
        {
            foreach (var file in opened) file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The block of rows [<paramref name="row"/>, +<paramref name="rows"/>) and columns [<paramref name="column"/>,
    /// +<paramref name="columns"/>) of this kernel, as views of the same files (<see cref="NpyFile{T}.Slice"/>): e.g. of
    /// one kernel of n training and m test items against themselves, <c>Slice(0, n, 0, n)</c> is the train-train
    /// kernel and <c>Slice(n, m, 0, n)</c> the test-train kernel that <see cref="Predict"/>'s stored predictors take.
    /// The variances follow the rows (cov1) and the columns (cov2, or cov1's of those items when x2 was x1). Disposing
    /// the slice does nothing; it ends with this kernel.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The block runs past the kernel.</exception>
    public StoredKernel<T> Slice(int row, int rows, int column, int columns)
    {
        var kernel = (Nngp ?? Ntk)!;
        if (row < 0 || rows < 0 || row + (long)rows > kernel.Rows || column < 0 || columns < 0 || column + (long)columns > kernel.Columns)
            throw new ArgumentOutOfRangeException(nameof(row), $"The block of rows [{row}, {row + (long)rows}) and columns [{column}, {column + (long)columns}) is outside the {kernel.Rows} × {kernel.Columns} kernel in {Folder}.");
        return new StoredKernel<T>(Folder, Nngp?.Slice(row, rows, column, columns), Ntk?.Slice(row, rows, column, columns),
            Cov1?.SliceRows(row, rows), (Cov2 ?? Cov1)?.SliceRows(column, columns));
    }

    /// <summary>Forces writes to the disk and closes every file (nothing for a <see cref="Slice"/>).</summary>
    public void Dispose()
    {
        Nngp?.Dispose();
        Ntk?.Dispose();
        Cov1?.Dispose();
        Cov2?.Dispose();
    }

    private static void RequireRows(NpyFile<T>? variances, int rows, string what)
    {
        if (variances is not null && (variances.Shape.Length == 0 || variances.Rows != rows))
            throw new NpyFormatException(variances.FilePath, $"has shape {NpyHeader.FormatShape(variances.Shape)}, expected {rows} rows ({what}).");
    }
}
