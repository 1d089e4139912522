using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Finite;

/// <summary>The few tensor operations the finite layers need, vectorized through TensorPrimitives and the BLAS backend.</summary>
internal static class TensorMath
{
    /// <summary>a + b (same shapes).</summary>
    public static Tensor<T> Add<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = Tensor<T>.Zeros(a.Shape);
        TensorPrimitives.Add<T>(a.Data, b.Data, result.Data);
        return result;
    }

    /// <summary>a ⊙ b (same shapes).</summary>
    public static Tensor<T> Multiply<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = Tensor<T>.Zeros(a.Shape);
        TensorPrimitives.Multiply<T>(a.Data, b.Data, result.Data);
        return result;
    }

    /// <summary>
    /// cotangent ⊙ values where the cotangent holds <paramref name="repeat"/> rows per row of
    /// <paramref name="values"/> (row r of the cotangent uses row r / repeat of the values).
    /// </summary>
    public static Tensor<T> MultiplyRepeated<T>(Tensor<T> cotangent, Tensor<T> values, int repeat) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = Tensor<T>.Zeros(cotangent.Shape);
        int row = values.RowLength;
        int rows = cotangent.Length / row;
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Multiply<T>(cotangent.Data.AsSpan(r * row, row), values.Data.AsSpan(r / repeat * row, row), result.Data.AsSpan(r * row, row));
        return result;
    }

    /// <summary>Y = scale·X·W along the last axis: X is (…, n_in), W is (n_in, n_out).</summary>
    public static Tensor<T> MatMulLastAxis<T>(Tensor<T> x, Tensor<T> w, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nIn = w.Dim(0), nOut = w.Dim(1);
        int rows = x.Length / nIn;
        var shape = x.Shape;
        shape[^1] = nOut;
        var y = Tensor<T>.Zeros(shape);
        Blas.Gemm(false, false, rows, nOut, nIn, T.CreateTruncating(scale), x.Data, nIn, w.Data, nOut, T.Zero, y.Data, nOut);
        return y;
    }

    /// <summary>X = scale·Y·Wᵀ along the last axis: Y is (…, n_out), W is (n_in, n_out).</summary>
    public static Tensor<T> MatMulTransposedLastAxis<T>(Tensor<T> y, Tensor<T> w, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nIn = w.Dim(0), nOut = w.Dim(1);
        int rows = y.Length / nOut;
        var shape = y.Shape;
        shape[^1] = nIn;
        var x = Tensor<T>.Zeros(shape);
        Blas.Gemm(false, true, rows, nIn, nOut, T.CreateTruncating(scale), y.Data, nOut, w.Data, nOut, T.Zero, x.Data, nIn);
        return x;
    }

    /// <summary>Adds scale·b to every row of y (b broadcast along the last axis).</summary>
    public static void AddBias<T>(Tensor<T> y, Tensor<T> b, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = b.Length;
        var scaled = new T[n];
        TensorPrimitives.Multiply<T>(b.Data, T.CreateTruncating(scale), scaled);
        for (int offset = 0; offset < y.Length; offset += n) TensorPrimitives.Add<T>(y.Data.AsSpan(offset, n), scaled, y.Data.AsSpan(offset, n));
    }

    /// <summary>Concatenates along the last axis.</summary>
    public static Tensor<T> ConcatLastAxis<T>(IReadOnlyList<Tensor<T>> parts) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = parts[0].Length / parts[0].Dim(-1);
        int total = parts.Sum(p => p.Dim(-1));
        var shape = parts[0].Shape;
        shape[^1] = total;
        var result = Tensor<T>.Zeros(shape);
        for (int r = 0; r < rows; r++)
        {
            int offset = 0;
            foreach (var part in parts)
            {
                int width = part.Dim(-1);
                part.Data.AsSpan(r * width, width).CopyTo(result.Data.AsSpan(r * total + offset, width));
                offset += width;
            }
        }
        return result;
    }

    /// <summary>Splits the last axis into pieces of the given widths (the inverse of <see cref="ConcatLastAxis{T}"/>).</summary>
    public static Tensor<T>[] SplitLastAxis<T>(Tensor<T> whole, IReadOnlyList<int> widths) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int total = whole.Dim(-1);
        int rows = whole.Length / total;
        var parts = new Tensor<T>[widths.Count];
        int offset = 0;
        for (int p = 0; p < widths.Count; p++)
        {
            var shape = whole.Shape;
            shape[^1] = widths[p];
            parts[p] = Tensor<T>.Zeros(shape);
            for (int r = 0; r < rows; r++) whole.Data.AsSpan(r * total + offset, widths[p]).CopyTo(parts[p].Data.AsSpan(r * widths[p], widths[p]));
            offset += widths[p];
        }
        return parts;
    }
}
