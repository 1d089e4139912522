using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralTangents.LinearAlgebra;

/// <summary>Small vectorized loops the managed backend needs that <c>TensorPrimitives</c> has no single call for.</summary>
internal static class VectorKernels
{
    /// <summary>y ← y + alpha·x.</summary>
    public static void Axpy<T>(T alpha, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> =>
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x, alpha, y, y);

    /// <summary>The plane rotation (x, y) ← (c·x − s·y, s·x + c·y), element by element.</summary>
    public static void Rotate<T>(Span<T> x, Span<T> y, T c, T s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
            var vy = MemoryMarshal.Cast<T, Vector<T>>(y[..x.Length]);
            var vc = new Vector<T>(c);
            var vs = new Vector<T>(s);
            for (int v = 0; v < vx.Length; v++)
            {
                var a = vx[v];
                var b = vy[v];
                vx[v] = vc * a - vs * b;
                vy[v] = vs * a + vc * b;
            }
            i = vx.Length * Vector<T>.Count;
        }
        for (; i < x.Length; i++)
        {
            T a = x[i], b = y[i];
            x[i] = c * a - s * b;
            y[i] = s * a + c * b;
        }
    }

    /// <summary>x − a·u − b·v into x, element by element (the rank-2 update of one row).</summary>
    public static void SubtractTwoScaled<T>(Span<T> x, T a, ReadOnlySpan<T> u, T b, ReadOnlySpan<T> v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
            var vu = MemoryMarshal.Cast<T, Vector<T>>(u[..x.Length]);
            var vv = MemoryMarshal.Cast<T, Vector<T>>(v[..x.Length]);
            var va = new Vector<T>(a);
            var vb = new Vector<T>(b);
            for (int k = 0; k < vx.Length; k++) vx[k] = vx[k] - va * vu[k] - vb * vv[k];
            i = vx.Length * Vector<T>.Count;
        }
        for (; i < x.Length; i++) x[i] = x[i] - a * u[i] - b * v[i];
    }

    /// <summary>The machine epsilon of <typeparamref name="T"/> (2⁻²³ for float, 2⁻⁵² for double).</summary>
    public static double Epsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? 1.1920928955078125e-7 : 2.220446049250313e-16;
}
