using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Engine;

/// <summary>Launchers of GlobalSelfAttention's kernel rule (see <see cref="AttentionKernels"/>).</summary>
internal abstract partial class DeviceOps<T> where T : unmanaged
{
    /// <summary>The limit attention weights G[item] = φ(scale·Σ̃[item]) of <paramref name="items"/> full S×S covariances, into <paramref name="weights"/>.</summary>
    public abstract void AttentionWeights(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> cov, MemoryBuffer1D<double, Stride1D.Dense> positional,
        MemoryBuffer1D<double, Stride1D.Dense> weights, int items, int size, double inputWeight, double positionalWeight, double scale, int mechanism);

    /// <summary>
    /// target ← scale·G_left·Ṽ·G_rightᵀ + shift + otherFactor·other for every pair, Ṽ = inputWeight·values + positionalWeight·R;
    /// the left weights of a pair are those of item pair / <paramref name="leftDivisor"/>, the right ones of item
    /// pair mod <paramref name="rightModulus"/>. <paramref name="temp"/> holds pairs·S² doubles; target may be values.
    /// </summary>
    public abstract void AttentionSandwich(KernelEngine engine, MemoryBuffer1D<double, Stride1D.Dense> left, MemoryBuffer1D<T, Stride1D.Dense> values,
        MemoryBuffer1D<double, Stride1D.Dense> positional, MemoryBuffer1D<double, Stride1D.Dense> right, MemoryBuffer1D<double, Stride1D.Dense> temp,
        MemoryBuffer1D<T, Stride1D.Dense> target, MemoryBuffer1D<T, Stride1D.Dense> other, long pairs, int size, long leftDivisor, long rightModulus,
        double inputWeight, double positionalWeight, double scale, double shift, double otherFactor);

    /// <summary>The 1/√d-scaled IDENTITY rule in place on <paramref name="pairs"/> full covariances (and their NTK when given).</summary>
    public abstract void AttentionIdentity(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> nngp, MemoryBuffer1D<T, Stride1D.Dense>? ntk,
        MemoryBuffer1D<double, Stride1D.Dense> positional, long pairs, int size, double inputWeight, double positionalWeight, bool valuePosEmb, double scale, double shift);
}

/// <summary>The attention launchers bound to the scalar adapter <typeparamref name="TS"/>.</summary>
internal sealed partial class DeviceOps<T, TS>
{
    public override void AttentionWeights(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> cov, MemoryBuffer1D<double, Stride1D.Dense> positional,
        MemoryBuffer1D<double, Stride1D.Dense> weights, int items, int size, double inputWeight, double positionalWeight, double scale, int mechanism)
    {
        var kernel = engine.GetOrLoad($"AttentionWeights<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<double>, ArrayView<double>, int, double, double, double, int, long, int>(
                AttentionKernels.Weights<T, TS>));
        long rows = (long)items * size;
        int chunk = engine.ChunkFor(rows);
        kernel(KernelEngine.ThreadsFor(rows, chunk), cov.View, positional.View, weights.View, size, inputWeight, positionalWeight, scale, mechanism, rows, chunk);
    }

    public override void AttentionSandwich(KernelEngine engine, MemoryBuffer1D<double, Stride1D.Dense> left, MemoryBuffer1D<T, Stride1D.Dense> values,
        MemoryBuffer1D<double, Stride1D.Dense> positional, MemoryBuffer1D<double, Stride1D.Dense> right, MemoryBuffer1D<double, Stride1D.Dense> temp,
        MemoryBuffer1D<T, Stride1D.Dense> target, MemoryBuffer1D<T, Stride1D.Dense> other, long pairs, int size, long leftDivisor, long rightModulus,
        double inputWeight, double positionalWeight, double scale, double shift, double otherFactor)
    {
        var leftKernel = engine.GetOrLoad($"AttentionLeft<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<T>, ArrayView<double>, ArrayView<double>, int, long, double, double, long, int>(
                AttentionKernels.Left<T, TS>));
        var rightKernel = engine.GetOrLoad($"AttentionRight<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<T>, ArrayView<T>, int, long, double, double, double, long, int>(
                AttentionKernels.Right<T, TS>));
        long length = pairs * size * size;
        int chunk = engine.ChunkFor(length);
        leftKernel(KernelEngine.ThreadsFor(length, chunk), left.View, values.View, positional.View, temp.View, size, leftDivisor, inputWeight, positionalWeight, length, chunk);
        rightKernel(KernelEngine.ThreadsFor(length, chunk), temp.View, right.View, target.View, other.View, size, rightModulus, scale, shift, otherFactor, length, chunk);
    }

    public override void AttentionIdentity(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> nngp, MemoryBuffer1D<T, Stride1D.Dense>? ntk,
        MemoryBuffer1D<double, Stride1D.Dense> positional, long pairs, int size, double inputWeight, double positionalWeight, bool valuePosEmb, double scale, double shift)
    {
        var dotsKernel = engine.GetOrLoad($"AttentionPairDots<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, int, double, double, int, int, long, int>(
                AttentionKernels.PairDots<T, TS>));
        var updateKernel = engine.GetOrLoad($"AttentionIdentityUpdate<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<double>, ArrayView<double>, int, double, double, double, double, int, long, int>(
                AttentionKernels.IdentityUpdate<T, TS>));
        using var dots = engine.Allocate<double>(2 * pairs);
        var theta = ntk ?? nngp;
        int hasNtk = ntk is null ? 0 : 1;
        int chunk = engine.ChunkFor(pairs);
        dotsKernel(KernelEngine.ThreadsFor(pairs, chunk), nngp.View, theta.View, positional.View, dots.View, size, inputWeight, positionalWeight,
            valuePosEmb ? 1 : 0, hasNtk, pairs, chunk);
        long length = pairs * size * size;
        chunk = engine.ChunkFor(length);
        updateKernel(KernelEngine.ThreadsFor(length, chunk), nngp.View, theta.View, positional.View, dots.View, size, inputWeight, positionalWeight,
            scale, shift, hasNtk, length, chunk);
        engine.Accelerator.Synchronize();
    }
}
