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
    /// <param name="dual">The host-side dual (T, Ṫ, T_d).</param>
    /// <param name="fn">φ for the finite network, or null when the layer has none (apply then throws).</param>
    /// <param name="derivative">φ' for the finite backward pass; null: the central difference of φ.</param>
    public HostElementwiseLayer(string name, IDualActivation dual, Func<double, double>? fn, Func<double, double>? derivative)
    {
        _name = name;
        Dual = dual;
        _fn = fn;
        _derivative = derivative;
    }

    /// <summary>The dual evaluated on the host.</summary>
    public IDualActivation Dual { get; }

    public override string Name => _name;

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => LayerRules.Elementwise(Name, input, forKernel);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var fn = _fn ?? throw new NotSupportedException(
            $"{Name} was built without a finite function fn, so it has only an infinite-width kernel; pass fn to Stax.Elementwise to apply the finite network.");
        var input = x[0];
        var y = Tensor<T>.Zeros(input.Shape);
        for (int i = 0; i < input.Length; i++) y.Data[i] = T.CreateTruncating(fn(double.CreateTruncating(input.Data[i])));
        residual = input;
        return new[] { y };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var input = (Tensor<T>)residual!;
        var fn = _fn!;
        var derivative = _derivative ?? (x => NumericalDerivative.Central(fn, x));
        var values = Tensor<T>.Zeros(input.Shape);
        for (int i = 0; i < input.Length; i++) values.Data[i] = T.CreateTruncating(derivative(double.CreateTruncating(input.Data[i])));
        return new[] { TensorMath.MultiplyRepeated(cotangent[0], values, context.Repeat) };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        int rows = tile.Rows, cols = tile.Cols;
        engine.Accelerator.Synchronize();
        var nngp = Download(tile.Nngp, tile.Entries);
        var ntk = tile.Ntk is null ? null : Download(tile.Ntk, tile.Entries);
        var cov1 = Download(tile.Cov1, rows);
        var cov2 = Download(tile.Cov2, cols);

        var dual = Dual;
        System.Threading.Tasks.Parallel.For(0, rows, i =>
        {
            double q1 = double.CreateTruncating(cov1[i]);
            for (int j = 0; j < cols; j++)
            {
                long e = (long)i * cols + j;
                double q2 = double.CreateTruncating(cov2[j]), c = double.CreateTruncating(nngp[e]);
                if (ntk is not null) ntk[e] = T.CreateTruncating(double.CreateTruncating(ntk[e]) * dual.NtkFactor(c, q1, q2));
                nngp[e] = T.CreateTruncating(dual.Nngp(c, q1, q2));
            }
        });
        // The variances change only after every entry has used the old ones.
        System.Threading.Tasks.Parallel.For(0, rows, i => cov1[i] = T.CreateTruncating(dual.Variance(double.CreateTruncating(cov1[i]))));
        System.Threading.Tasks.Parallel.For(0, cols, j => cov2[j] = T.CreateTruncating(dual.Variance(double.CreateTruncating(cov2[j]))));

        Upload(nngp, tile.Nngp);
        if (ntk is not null) Upload(ntk, tile.Ntk!);
        Upload(cov1, tile.Cov1);
        Upload(cov2, tile.Cov2);
        engine.Accelerator.Synchronize();
        tile.Signature = tile.Signature.WithGaussian(false);
        return input;
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
