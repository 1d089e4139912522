using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using NeuralTangents.Storage;

namespace NeuralTangents;

/// <summary>
/// A C-order float32 or float64 array in NumPy's <c>.npy</c> format on disk, written and read in blocks of rows (or of
/// row × column blocks) with positional file reads and writes, so that an array larger than memory is never held
/// whole. Files it writes open with <c>numpy.load(path, mmap_mode='r')</c>; it opens what <c>numpy.save</c> writes
/// (headers 1.0, 2.0 and 3.0, little-endian <c>&lt;f4</c>/<c>&lt;f8</c>, C order).
/// </summary>
/// <remarks>
/// Rows are the first axis; a row holds <see cref="RowLength"/> elements (the product of the other axes). The
/// column blocks of <see cref="ReadBlock"/>/<see cref="WriteBlock"/> index the second axis, keeping every axis after
/// it whole (the spatial axes of a kernel). Reads and writes of disjoint blocks may run concurrently.
/// The file is not memory-mapped: pages of a mapped file that a process has touched count in its resident memory until
/// the system reclaims them, so filling a 7 GB kernel through a mapping made the writing process look 7 GB large.
/// Positional I/O leaves those pages in the system's page cache, where they are shared and reclaimable.
/// <see cref="Slice"/> and <see cref="SliceRows"/> give views of a block of the same file (e.g. the train-train and
/// test-train blocks of one kernel of training and test items together).
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed unsafe class NpyFile<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The most elements one read or write call moves (1 GiB of bytes; a span of bytes is indexed by an int).</summary>
    private static readonly int ChunkElements = (1 << 30) / sizeof(T);

    /// <summary>The file that owns the handle: this one, or the file a view was sliced from.</summary>
    private readonly NpyFile<T> _root;
    private readonly FileStream? _stream;
    private readonly SafeFileHandle _handle;
    private readonly int[] _shape;
    /// <summary>The byte offset of element [0, 0, …] of this array (or view) in the file.</summary>
    private readonly long _origin;
    /// <summary>Elements from one row to the next in the file: <see cref="RowLength"/> unless this is a view of fewer columns.</summary>
    private readonly long _rowStride;
    private bool _disposed;

    private NpyFile(string path, FileStream stream, NpyHeader header, bool writable)
    {
        _root = this;
        _stream = stream;
        _handle = stream.SafeFileHandle;
        FilePath = path;
        _shape = header.Shape;
        IsWritable = writable;
        _origin = header.DataOffset;
        RowLength = Product(_shape, 1);
        ColumnLength = Product(_shape, 2);
        _rowStride = RowLength;
    }

    private NpyFile(NpyFile<T> parent, long origin, int[] shape)
    {
        _root = parent._root;
        _handle = parent._handle;
        FilePath = parent.FilePath;
        IsWritable = parent.IsWritable;
        _shape = shape;
        _origin = origin;
        _rowStride = parent._rowStride;
        RowLength = Product(_shape, 1);
        ColumnLength = Product(_shape, 2);
    }

    /// <summary>The file's path.</summary>
    public string FilePath { get; }

    /// <summary>The array's shape (a copy); a view's own shape.</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>The size of the first axis (1 for a 0-d array).</summary>
    public int Rows => _shape.Length == 0 ? 1 : _shape[0];

    /// <summary>The size of the second axis (1 for arrays of rank below 2).</summary>
    public int Columns => _shape.Length < 2 ? 1 : _shape[1];

    /// <summary>Elements per row: the product of every axis after the first.</summary>
    public long RowLength { get; }

    /// <summary>Elements per column entry of a row: the product of every axis after the second.</summary>
    public long ColumnLength { get; }

    /// <summary>Whether the file was opened for writing.</summary>
    public bool IsWritable { get; }

    /// <summary>Whether this is a view (<see cref="Slice"/>, <see cref="SliceRows"/>) of another <see cref="NpyFile{T}"/>.</summary>
    public bool IsView => !ReferenceEquals(_root, this);

    /// <summary>
    /// Creates (or, with <paramref name="overwrite"/>, replaces) a C-order file of <paramref name="shape"/> filled with
    /// zeros (the disk space is allocated as the blocks are written, on file systems with sparse files).
    /// </summary>
    /// <param name="path">The file to create.</param>
    /// <param name="shape">The array's shape.</param>
    /// <param name="overwrite">Whether an existing file is replaced; false refuses it.</param>
    /// <exception cref="ArgumentException">A negative axis.</exception>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or it cannot be created.</exception>
    public static NpyFile<T> Create(string path, int[] shape, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(axis => axis < 0))
            throw new ArgumentException($"Axes must be non-negative, got shape {NpyHeader.FormatShape(shape)}.", nameof(shape));
        var headerBytes = NpyHeader.Format(NpyElement.Descr<T>(), shape);
        var header = new NpyHeader(NpyElement.Descr<T>(), false, (int[])shape.Clone(), headerBytes.Length);
        long length = checked(headerBytes.Length + header.ElementCount * sizeof(T));
        // Unbuffered: the data goes through positional writes on the handle, the header is the only stream write.
        var stream = new FileStream(path, overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            stream.Write(headerBytes);
            stream.SetLength(length);
            return new NpyFile<T>(path, stream, header, writable: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing file, checking its header against <typeparamref name="T"/> and, if given, <paramref name="expectedShape"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedShape">The shape the caller needs; null accepts any.</param>
    /// <param name="writable">Whether blocks may be written.</param>
    /// <exception cref="NpyFormatException">The file is malformed, truncated, of another dtype, in Fortran order, or of another shape.</exception>
    public static NpyFile<T> Open(string path, int[]? expectedShape = null, bool writable = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, writable ? FileShare.Read : FileShare.ReadWrite, bufferSize: 0);
        try
        {
            var header = NpyHeader.Read(stream, path);
            Check(header, stream.Length, path, expectedShape);
            return new NpyFile<T>(path, stream, header, writable);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="tensor"/> to a new file (as <c>numpy.save</c> would) and closes it.</summary>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static void Save(string path, Tensor<T> tensor, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var file = Create(path, tensor.Shape, overwrite);
        file.WriteRows(0, tensor.Data);
    }

    /// <summary>Reads a whole file into a tensor (it must fit one .NET array).</summary>
    /// <exception cref="NpyFormatException">The file is malformed or does not match <typeparamref name="T"/>/<paramref name="expectedShape"/>.</exception>
    /// <exception cref="InsufficientMemoryException">The array has more elements than one tensor holds; read it in blocks instead.</exception>
    public static Tensor<T> Load(string path, int[]? expectedShape = null)
    {
        using var file = Open(path, expectedShape);
        return file.ToTensor();
    }

    /// <summary>The whole array as a tensor (a copy).</summary>
    /// <exception cref="InsufficientMemoryException">The array has more elements than one tensor holds; read it in blocks instead.</exception>
    public Tensor<T> ToTensor()
    {
        long count = (long)Rows * RowLength;
        if (count > Array.MaxLength)
            throw new InsufficientMemoryException($"{FilePath} holds {count} elements, more than one array can ({Array.MaxLength}); read it with ReadRows or ReadBlock.");
        var data = new T[count];
        if (_shape.Length == 0) Read(_origin, data);
        else ReadRows(0, data);
        return new Tensor<T>(data, _shape);
    }

    /// <summary>Copies rows <paramref name="start"/>… into <paramref name="destination"/>, whose length must be a whole number of rows.</summary>
    /// <exception cref="ArgumentException">The destination is not a whole number of rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rows run past the end of the array.</exception>
    public void ReadRows(int start, Span<T> destination)
    {
        int rows = RowCount(destination.Length, nameof(destination));
        CheckRows(start, rows);
        if (_rowStride == RowLength) Read(Offset(start, 0), destination);
        else
            for (int r = 0; r < rows; r++) Read(Offset(start + r, 0), destination.Slice((int)(r * RowLength), (int)RowLength));
    }

    /// <summary>Copies <paramref name="source"/>, a whole number of rows, into rows <paramref name="start"/>….</summary>
    /// <exception cref="InvalidOperationException">The file was opened read-only.</exception>
    /// <exception cref="ArgumentException">The source is not a whole number of rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rows run past the end of the array.</exception>
    public void WriteRows(int start, ReadOnlySpan<T> source)
    {
        RequireWritable();
        int rows = RowCount(source.Length, nameof(source));
        CheckRows(start, rows);
        if (_rowStride == RowLength) Write(Offset(start, 0), source);
        else
            for (int r = 0; r < rows; r++) Write(Offset(start + r, 0), source.Slice((int)(r * RowLength), (int)RowLength));
    }

    /// <summary>
    /// Copies the block of rows <paramref name="row"/>… and columns (second axis) <paramref name="column"/>… into
    /// <paramref name="destination"/>, row-major: <paramref name="rows"/> × <paramref name="columns"/> × <see cref="ColumnLength"/> elements.
    /// </summary>
    /// <exception cref="ArgumentException">The destination's length is not that of the block.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The block runs past the array.</exception>
    public void ReadBlock(int row, int column, int rows, int columns, Span<T> destination)
    {
        int width = CheckBlock(row, column, rows, columns, destination.Length, nameof(destination));
        for (int r = 0; r < rows; r++) Read(Offset(row + r, column), destination.Slice(r * width, width));
    }

    /// <summary>Copies <paramref name="source"/> (row-major, <paramref name="rows"/> × <paramref name="columns"/> × <see cref="ColumnLength"/>) into the block at <paramref name="row"/>, <paramref name="column"/>.</summary>
    /// <exception cref="InvalidOperationException">The file was opened read-only.</exception>
    /// <exception cref="ArgumentException">The source's length is not that of the block.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The block runs past the array.</exception>
    public void WriteBlock(int row, int column, int rows, int columns, ReadOnlySpan<T> source)
    {
        RequireWritable();
        int width = CheckBlock(row, column, rows, columns, source.Length, nameof(source));
        for (int r = 0; r < rows; r++) Write(Offset(row + r, column), source.Slice(r * width, width));
    }

    /// <summary>
    /// A view of the block of rows [<paramref name="row"/>, +<paramref name="rows"/>) and columns (second axis)
    /// [<paramref name="column"/>, +<paramref name="columns"/>) of this array, every axis after the second whole: an
    /// array of shape (rows, columns, …) that reads and writes those elements of the same file. It shares this file's
    /// handle: disposing the view does nothing, disposing the file ends the view too.
    /// </summary>
    /// <exception cref="InvalidOperationException">The array has fewer than two axes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The block runs past the array.</exception>
    public NpyFile<T> Slice(int row, int rows, int column, int columns)
    {
        CheckBlock(row, column, rows, columns, null, nameof(row));
        RequireOpen();
        return new NpyFile<T>(this, Offset(row, column), [rows, columns, .. _shape[2..]]);
    }

    /// <summary>A view of rows [<paramref name="row"/>, +<paramref name="rows"/>) of this array, every other axis whole (see <see cref="Slice"/>).</summary>
    /// <exception cref="InvalidOperationException">The array is 0-d.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rows run past the array.</exception>
    public NpyFile<T> SliceRows(int row, int rows)
    {
        if (_shape.Length == 0) throw new InvalidOperationException($"{FilePath} holds a 0-d array, which has no rows to slice.");
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "A slice needs a non-negative number of rows.");
        CheckRows(row, rows);
        RequireOpen();
        return new NpyFile<T>(this, Offset(row, 0), [rows, .. _shape[1..]]);
    }

    /// <summary>The element at (<paramref name="row"/>, <paramref name="column"/>) of a matrix (rank 2).</summary>
    /// <exception cref="InvalidOperationException">The array is not a matrix.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the matrix.</exception>
    public T this[int row, int column]
    {
        get
        {
            if (_shape.Length != 2) throw new InvalidOperationException($"{FilePath} has shape {NpyHeader.FormatShape(_shape)}, not a matrix's.");
            CheckBlock(row, column, 1, 1, 1, nameof(row));
            T value = default;
            Read(Offset(row, column), new Span<T>(ref value));
            return value;
        }
    }

    /// <summary>Forces what was written to the file onto the disk (every write is visible to readers of the file at once, without it).</summary>
    public void Flush()
    {
        RequireOpen();
        if (_root.IsWritable) _root._stream!.Flush(flushToDisk: true);
    }

    /// <summary>Forces writes to the disk (when writable) and closes the file; a view's disposal does nothing.</summary>
    public void Dispose()
    {
        if (IsView || _disposed) return;
        try
        {
            if (IsWritable) _stream!.Flush(flushToDisk: true);
        }
        finally
        {
            _disposed = true;
            _stream!.Dispose();
        }
    }

    private static long Product(int[] shape, int from) => shape.Length <= from ? 1 : shape.Skip(from).Aggregate(1L, (count, axis) => count * axis);

    /// <summary>The byte offset in the file of element (<paramref name="row"/>, <paramref name="column"/>, 0, …).</summary>
    private long Offset(int row, int column) => _origin + (row * _rowStride + column * ColumnLength) * sizeof(T);

    private void Read(long offset, Span<T> destination)
    {
        RequireOpen();
        // In chunks of elements first: the bytes of a span of more than 2^31 bytes cannot be one span.
        for (int done = 0; done < destination.Length; done += ChunkElements)
        {
            var bytes = MemoryMarshal.AsBytes(destination.Slice(done, Math.Min(destination.Length - done, ChunkElements)));
            long at = offset + (long)done * sizeof(T);
            while (!bytes.IsEmpty)
            {
                int read = RandomAccess.Read(_handle, bytes, at);
                if (read == 0)
                    throw new NpyFormatException(FilePath, $"ended at byte {at} while reading its data: the file was truncated after it was opened.");
                bytes = bytes[read..];
                at += read;
            }
        }
    }

    private void Write(long offset, ReadOnlySpan<T> source)
    {
        RequireOpen();
        for (int done = 0; done < source.Length; done += ChunkElements)
            RandomAccess.Write(_handle, MemoryMarshal.AsBytes(source.Slice(done, Math.Min(source.Length - done, ChunkElements))), offset + (long)done * sizeof(T));
    }

    private void RequireOpen() => ObjectDisposedException.ThrowIf(_root._disposed, this);

    private static void Check(NpyHeader header, long fileLength, string path, int[]? expectedShape)
    {
        string expected = NpyElement.Descr<T>();
        if (header.Descr != expected)
            throw new NpyFormatException(path, $"holds {NpyElement.Describe(header.Descr)} values, expected {NpyElement.Describe(expected)} for {typeof(T).Name}.");
        if (header.FortranOrder)
            throw new NpyFormatException(path, $"is in Fortran (column-major) order, expected C order; save it with numpy.save(path, numpy.ascontiguousarray(a)).");
        if (expectedShape is not null && !expectedShape.AsSpan().SequenceEqual(header.Shape))
            throw new NpyFormatException(path, $"has shape {NpyHeader.FormatShape(header.Shape)}, expected {NpyHeader.FormatShape(expectedShape)}.");
        long needed = header.DataOffset + header.ElementCount * sizeof(T);
        if (fileLength != needed)
            throw new NpyFormatException(path, $"is {fileLength} bytes, expected {needed} ({header.DataOffset} of header and {header.ElementCount} {NpyElement.Describe(expected)} values of shape {NpyHeader.FormatShape(header.Shape)})" +
                (fileLength < needed ? ": the file is truncated." : ": the file has trailing bytes."));
    }

    private void RequireWritable()
    {
        if (!IsWritable) throw new InvalidOperationException($"{FilePath} was opened read-only.");
    }

    private int RowCount(int length, string argument)
    {
        if (RowLength == 0) return 0;
        if (length % RowLength != 0)
            throw new ArgumentException($"{argument} has {length} elements, not a whole number of rows of {RowLength} ({FilePath}, shape {NpyHeader.FormatShape(_shape)}).", argument);
        return (int)(length / RowLength);
    }

    private void CheckRows(int start, int rows)
    {
        if (start < 0 || start + (long)rows > Rows)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Rows [{start}, {start + (long)rows}) are outside the {Rows} rows of {FilePath}.");
    }

    private int CheckBlock(int row, int column, int rows, int columns, int? length, string argument)
    {
        if (_shape.Length < 2) throw new InvalidOperationException($"{FilePath} has shape {NpyHeader.FormatShape(_shape)}; blocks need at least two axes.");
        if (row < 0 || rows < 0 || row + (long)rows > Rows || column < 0 || columns < 0 || column + (long)columns > Columns)
            throw new ArgumentOutOfRangeException(nameof(row), $"The block of rows [{row}, {row + (long)rows}) and columns [{column}, {column + (long)columns}) is outside the {Rows} × {Columns} array of {FilePath}.");
        long width = columns * ColumnLength;
        if (length is not null && (long)rows * width != length)
            throw new ArgumentException($"{argument} has {length} elements; a block of {rows} × {columns}{(ColumnLength == 1 ? "" : $" × {ColumnLength}")} needs {(long)rows * width}.", argument);
        return (int)width;
    }
}
