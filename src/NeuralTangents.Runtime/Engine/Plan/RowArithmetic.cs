using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// Elementwise row arithmetic of the plan's filters (Vector512 where the processor has it, else Vector256), compiled with full optimization from the first call: the library
/// equivalents (<c>TensorPrimitives</c>) start as unoptimized code whose vector loads are calls, which made the first
/// kernels of a process several times slower than the next ones.
/// </summary>
internal static class RowArithmetic<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>target[k] += source[k].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Add(Span<T> target, ReadOnlySpan<T> source)
    {
        if (source.Length != target.Length) throw new ArgumentException("The rows must have the same length.", nameof(source));
        fixed (T* t = target)
        fixed (T* s = source)
        {
            int k = 0, width = Vector512<T>.Count;
            if (Vector512.IsHardwareAccelerated)
                for (; k + width <= target.Length; k += width) (Vector512.Load(t + k) + Vector512.Load(s + k)).Store(t + k);
            for (; k + Vector256<T>.Count <= target.Length; k += Vector256<T>.Count) (Vector256.Load(t + k) + Vector256.Load(s + k)).Store(t + k);
            for (; k < target.Length; k++) t[k] += s[k];
        }
    }

    /// <summary>target[k] += source[k]·mask[k].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void MultiplyAdd(Span<T> target, ReadOnlySpan<T> source, ReadOnlySpan<T> mask)
    {
        if (source.Length != target.Length || mask.Length != target.Length) throw new ArgumentException("The rows must have the same length.", nameof(source));
        fixed (T* t = target)
        fixed (T* s = source)
        fixed (T* m = mask)
        {
            int k = 0, width = Vector512<T>.Count;
            if (Vector512.IsHardwareAccelerated)
                for (; k + width <= target.Length; k += width) (Vector512.Load(s + k) * Vector512.Load(m + k) + Vector512.Load(t + k)).Store(t + k);
            for (; k + Vector256<T>.Count <= target.Length; k += Vector256<T>.Count)
                (Vector256.Load(s + k) * Vector256.Load(m + k) + Vector256.Load(t + k)).Store(t + k);
            for (; k < target.Length; k++) t[k] = s[k] * m[k] + t[k];
        }
    }

    /// <summary>
    /// target[k] = factor · (sources[0][k] + Σₛ sources[s][k]·masks[s][k]) for k &lt; <paramref name="length"/>, the terms added
    /// in order (a null mask: the term alone), in one pass: each row is read once and the target written once, where
    /// a copy followed by one accumulating pass per term would read and write the target once per term. The arithmetic
    /// is that of <see cref="Add"/>, <see cref="MultiplyAdd(Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T})"/> and <see cref="Scale"/> applied in that order, so the result
    /// is the same to the bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Sum(T* target, int length, T** sources, T** masks, int count, T factor)
    {
        int k = 0, width = Vector512<T>.Count;
        bool scaled = factor != T.One;
        if (Vector512.IsHardwareAccelerated)
        {
            var f = Vector512.Create(factor);
            for (; k + width <= length; k += width)
            {
                var sum = Vector512.Load(sources[0] + k);
                for (int s = 1; s < count; s++)
                    sum = masks[s] == null ? sum + Vector512.Load(sources[s] + k) : Vector512.Load(sources[s] + k) * Vector512.Load(masks[s] + k) + sum;
                (scaled ? sum * f : sum).Store(target + k);
            }
        }
        for (; k + Vector256<T>.Count <= length; k += Vector256<T>.Count)
        {
            var sum = Vector256.Load(sources[0] + k);
            for (int s = 1; s < count; s++)
                sum = masks[s] == null ? sum + Vector256.Load(sources[s] + k) : Vector256.Load(sources[s] + k) * Vector256.Load(masks[s] + k) + sum;
            (scaled ? sum * Vector256.Create(factor) : sum).Store(target + k);
        }
        for (; k < length; k++)
        {
            T sum = sources[0][k];
            for (int s = 1; s < count; s++) sum = masks[s] == null ? sum + sources[s][k] : sources[s][k] * masks[s][k] + sum;
            target[k] = scaled ? sum * factor : sum;
        }
    }

    /// <summary>target[k] += source[k]·factor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void MultiplyAdd(Span<T> target, ReadOnlySpan<T> source, T factor)
    {
        if (source.Length != target.Length) throw new ArgumentException("The rows must have the same length.", nameof(source));
        fixed (T* t = target)
        fixed (T* s = source)
        {
            int k = 0, width = Vector512<T>.Count;
            if (Vector512.IsHardwareAccelerated)
            {
                var f = Vector512.Create(factor);
                for (; k + width <= target.Length; k += width) (Vector512.Load(s + k) * f + Vector512.Load(t + k)).Store(t + k);
            }
            for (; k + Vector256<T>.Count <= target.Length; k += Vector256<T>.Count)
                (Vector256.Load(s + k) * Vector256.Create(factor) + Vector256.Load(t + k)).Store(t + k);
            for (; k < target.Length; k++) t[k] = s[k] * factor + t[k];
        }
    }

    /// <summary>Σₖ values[k], with four vector accumulators (global pooling's sum over a full covariance).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe T Total(ReadOnlySpan<T> values)
    {
        fixed (T* v = values)
        {
            int k = 0, width = Vector512<T>.Count;
            T total = T.Zero;
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<T> s0 = Vector512<T>.Zero, s1 = Vector512<T>.Zero, s2 = Vector512<T>.Zero, s3 = Vector512<T>.Zero;
                for (; k + 4 * width <= values.Length; k += 4 * width)
                {
                    s0 += Vector512.Load(v + k);
                    s1 += Vector512.Load(v + k + width);
                    s2 += Vector512.Load(v + k + 2 * width);
                    s3 += Vector512.Load(v + k + 3 * width);
                }
                for (; k + width <= values.Length; k += width) s0 += Vector512.Load(v + k);
                total = Vector512.Sum((s0 + s1) + (s2 + s3));
            }
            for (; k < values.Length; k++) total += v[k];
            return total;
        }
    }

    /// <summary>target[k] *= factor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Scale(Span<T> target, T factor)
    {
        fixed (T* t = target)
        {
            int k = 0, width = Vector512<T>.Count;
            var f = Vector512.Create(factor);
            if (Vector512.IsHardwareAccelerated)
                for (; k + width <= target.Length; k += width) (Vector512.Load(t + k) * f).Store(t + k);
            for (; k + Vector256<T>.Count <= target.Length; k += Vector256<T>.Count) (Vector256.Load(t + k) * Vector256.Create(factor)).Store(t + k);
            for (; k < target.Length; k++) t[k] *= factor;
        }
    }
}
