using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Finite;
using NeuralTangents.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Elementwise;

/// <summary>
/// A pointwise nonlinearity given by delegates (<see cref="Stax.ElementwiseNumerical"/>,
/// <see cref="Stax.Elementwise"/>). Delegates cannot run inside device kernels, so the kernel rule runs on the
/// host: the tile's Nngp, Ntk, Cov1 and Cov2 are copied from the accelerator, every entry is mapped in parallel
/// over rows (K' = T(K; q1, q2), Θ' = Θ·Ṫ(K; q1, q2), q' = T_d(q)), and the results are copied back. The
/// input must be a Gaussian pre-activation.
/// </summary>
internal sealed partial class HostElementwiseLayer : LayerBase
{
    private readonly string _name;
    private readonly Func<double, double>? _fn;
    private readonly Func<double, double>? _derivative;

    /// <param name="name">The layer's name.</param>
    /// <param name="dual">The host-side dual (T, Ṫ, T_d) of the user's delegates.</param>
    /// <param name="fn">φ for the finite network, or null when the layer has none (apply then throws).</param>
    /// <param name="derivative">φ' for the finite backward pass; null: the central difference of φ.</param>
    public HostElementwiseLayer(string name, IHostDual dual, Func<double, double>? fn, Func<double, double>? derivative)
    {
        _name = name;
        Dual = dual;
        _fn = fn;
        _derivative = derivative;
    }

    /// <summary>The dual evaluated on the host.</summary>
    public IHostDual Dual { get; }

    public override string Name => _name;

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => LayerRules.Elementwise(Name, input, forKernel);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var fn = _fn ?? throw new NotSupportedException(
            $"{Name} was built without a finite function fn, so it has only an infinite-width kernel; pass fn to Stax.Elementwise to apply the finite network.");
        var input = x[0];
        var y = Tensor<T>.Zeros(input.Shape);
        for (int i = 0; i < input.Length; i++) y.Data[i] = T.CreateTruncating(Evaluate(fn, double.CreateTruncating(input.Data[i]), "φ (fn)"));
        residual = input;
        return new[] { y };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var input = (Tensor<T>)residual!;
        var fn = _fn!;
        var derivative = _derivative ?? (x => NumericalDerivative.Central(fn, x));
        var values = Tensor<T>.Zeros(input.Shape);
        for (int i = 0; i < input.Length; i++) values.Data[i] = T.CreateTruncating(Evaluate(derivative, double.CreateTruncating(input.Data[i]), "φ' (the derivative, or the central difference of fn)"));
        return new[] { TensorMath.MultiplyRepeated(cotangent[0], values, context.Repeat) };
    }

    /// <summary>φ or φ' at a finite <paramref name="x"/>; a non-finite value is a <see cref="NotFiniteNumberException"/> naming the function and x.</summary>
    private double Evaluate(Func<double, double> f, double x, string function)
    {
        double y = f(x);
        if (double.IsFinite(y) || !double.IsFinite(x)) return y;
        throw new NotFiniteNumberException(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name}: {function} returned {y} at x = {x:G6}; give a function that is finite on the whole real line."), y);
    }

    /// <summary>
    /// The maps on every entry: entry (i, j, p, p') (or (i, j, p), or (i, j) without spatial axes, where S = 1) takes
    /// the same-position variances q1 = Cov1[i, p, p], q2 = Cov2[j, p', p']; an item's own covariance maps alike, with
    /// T_d where p = p'. Every map reads the variances from before the layer. A map that gives a non-finite value at
    /// finite arguments is a <see cref="NotFiniteNumberException"/> naming the user delegate behind it (reported once
    /// every entry is mapped; arguments that are already non-finite are left to the result check).
    /// </summary>
    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        engine.Accelerator.Synchronize();
        var layout = tile.Layout;
        bool full = layout.Form == SpatialForm.Full;
        int size = layout.Size;
        long per = layout.EntriesPerPair;
        var nngp = Download(tile.Nngp, tile.Entries);
        var ntk = tile.Ntk is null ? null : Download(tile.Ntk, tile.Entries);
        var cov1 = Download(tile.Cov1, tile.Cov1Length);
        var cov2 = Download(tile.Cov2, tile.Cov2Length);
        var var1 = SamePositionVariances(cov1, tile.Rows, size, full);
        var var2 = SamePositionVariances(cov2, tile.Cols, size, full);
        var dual = Dual;
        // The first failure of each map; φ's own maps are reported before Ṫ, whose φ' may fail only because φ does.
        var failures = new NonFiniteValue?[3];
        double Checked(double value, DualMap map, double c, double q1, double q2)
        {
            if (!double.IsFinite(value) && double.IsFinite(c) && double.IsFinite(q1) && double.IsFinite(q2))
                Interlocked.CompareExchange(ref failures[(int)map], new NonFiniteValue(map, c, q1, q2, value), null);
            return value;
        }

        void Map(T[] values, T[]? tangent, double[] left, double[] right, long pairs, int cols, bool self)
        {
            System.Threading.Tasks.Parallel.For(0L, pairs, pair =>
            {
                long i = self ? pair : pair / cols, j = self ? pair : pair % cols;
                for (long s = 0; s < per; s++)
                {
                    long p = full ? s / size : s, p2 = full ? s % size : s;
                    long e = pair * per + s;
                    double q1 = left[i * size + p], q2 = right[j * size + p2];
                    if (self && p == p2)
                    {
                        values[e] = T.CreateTruncating(Checked(dual.Variance(q1), DualMap.Variance, q1, q1, q1));
                        continue;
                    }
                    double c = double.CreateTruncating(values[e]);
                    if (tangent is not null) tangent[e] = T.CreateTruncating(double.CreateTruncating(tangent[e]) * Checked(dual.NtkFactor(c, q1, q2), DualMap.NtkFactor, c, q1, q2));
                    values[e] = T.CreateTruncating(Checked(dual.Nngp(c, q1, q2), DualMap.Nngp, c, q1, q2));
                }
            });
        }

        Map(nngp, ntk, var1, var2, (long)tile.Rows * tile.Cols, tile.Cols, self: false);
        Map(cov1, null, var1, var1, tile.Rows, 1, self: true);
        Map(cov2, null, var2, var2, tile.Cols, 1, self: true);
        if ((failures[(int)DualMap.Variance] ?? failures[(int)DualMap.Nngp] ?? failures[(int)DualMap.NtkFactor]) is { } f)
            throw new NotFiniteNumberException($"{Name}: {dual.DescribeNonFinite(f.Map, f.C, f.Q1, f.Q2, f.Value)}", f.Value);
        Upload(nngp, tile.Nngp);
        if (ntk is not null) Upload(ntk, tile.Ntk!);
        Upload(cov1, tile.Cov1);
        Upload(cov2, tile.Cov2);
        engine.Accelerator.Synchronize();
        tile.Signature = tile.Signature.WithGaussian(false);
        return input;
    }

    /// <summary>The first non-finite value a map gave at finite arguments.</summary>
    private sealed record NonFiniteValue(DualMap Map, double C, double Q1, double Q2, double Value);

    private static double[] SamePositionVariances<T>(T[] cov, int items, int size, bool full) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var result = new double[(long)items * size];
        for (long i = 0; i < items; i++)
            for (int p = 0; p < size; p++)
                result[i * size + p] = double.CreateTruncating(full ? cov[(i * size + p) * size + p] : cov[i * size + p]);
        return result;
    }

    private static T[] Download<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, long length) where T : unmanaged
    {
        var host = new T[length];
        buffer.Flat().SubView(0, length).CopyToCPU(host.AsSpan());
        return host;
    }

    private static void Upload<T>(T[] host, MemoryBuffer1D<T, Stride1D.Dense> buffer) where T : unmanaged =>
        buffer.Flat().SubView(0, host.Length).CopyFromCPU(host.AsSpan());
}
