using System.Numerics;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Predicting;

/// <summary>
/// A stored kernel matrix read in blocks of rows, converted to float64 and checked for finite values as it is read:
/// its diagonal, and its products with dense n × k matrices, one block at a time.
/// </summary>
internal sealed class StoredMatrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly NpyFile<T> _file;
    private readonly string _argument;
    private readonly int _blockRows;

    /// <summary>
    /// The most bytes one block takes (as read and as float64): a few hundred rows of a large kernel keep the product
    /// at the speed of reading, and the whole 10 000 × 20 000 test-train matrix as one block had cost 2.4 GB per product.
    /// </summary>
    private const long MaxBlockBytes = 64L << 20;

    public StoredMatrix(NpyFile<T> file, string argument, long budgetBytes)
    {
        _file = file;
        _argument = argument;
        if (file.Shape.Length != 2)
            throw new ArgumentException(file.Shape.Length > 2 ? PredictArguments.SpatialMessage($"{argument} ({file.FilePath})", Storage.NpyHeader.FormatShape(file.Shape))
                : $"{argument} ({file.FilePath}) must be a kernel matrix, got shape {Storage.NpyHeader.FormatShape(file.Shape)}.", argument);
        long rowBytes = Math.Max(1, (long)file.Columns * (sizeof(double) + System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
        _blockRows = (int)Math.Clamp(Math.Min(budgetBytes, MaxBlockBytes) / rowBytes, 1, Math.Max(1, file.Rows));
    }

    public int Rows => _file.Rows;

    public int Columns => _file.Columns;

    /// <summary>The diagonal of a square matrix.</summary>
    public double[] Diagonal()
    {
        var diagonal = new double[Rows];
        for (int i = 0; i < diagonal.Length; i++) diagonal[i] = Finite(_file[i, i], i, i);
        return diagonal;
    }

    /// <summary>This matrix times the dense Columns × k matrix <paramref name="b"/> (row-major), plus <paramref name="shift"/>·b for a square matrix.</summary>
    public double[] Multiply(double[] b, int k, double shift = 0)
    {
        var product = new double[(long)Rows * k];
        var raw = new T[(long)_blockRows * Columns];
        var block = new double[raw.Length];
        for (int start = 0; start < Rows; start += _blockRows)
        {
            int rows = Math.Min(_blockRows, Rows - start);
            int length = rows * Columns;
            _file.ReadRows(start, raw.AsSpan(0, length));
            for (int e = 0; e < length; e++) block[e] = Finite(raw[e], start + e / Columns, e % Columns);
            Blas.Gemm(false, false, rows, k, Columns, 1.0, block, Columns, b, k, 0.0, product.AsSpan(start * k, rows * k), k);
        }
        if (shift != 0)
            for (int i = 0; i < product.Length; i++) product[i] += shift * b[i];
        return product;
    }

    private double Finite(T value, int row, int column) =>
        T.IsFinite(value) ? double.CreateTruncating(value)
        : throw new ArgumentException($"{_argument} ({_file.FilePath}) must contain only finite values, but entry [{row}, {column}] is {value}.", _argument);
}
