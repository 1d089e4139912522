using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Graphs;

/// <summary>
/// Graph message passing (Neural Tangents' <c>Aggregate</c>): the positions of the aggregated spatial axes are the
/// vertices of one graph per item, given per call as a <see cref="GraphPattern"/>, and every vertex j becomes
/// y_j = Σ_i A[i, j]·x_i (each channel, each position of the other spatial axes, separately). Without a pattern
/// the layer is the identity, as in Neural Tangents. Kernel: Σ'(j, j') = Σ_{i,i'} A_a[i, j] Σ(i, i') A_b[i', j']
/// for items a of x1 and b of x2 (the variances with A_a on both sides), the same map on the NTK; it mixes
/// positions, so it needs the full covariance. Linear and parameter-free: Gaussian stays Gaussian.
/// </summary>
internal sealed class Aggregate : LayerBase
{
    public Aggregate(int[]? aggregateAxes)
    {
        AggregateAxes = aggregateAxes is null ? null : (int[])aggregateAxes.Clone();
        Validation.Guard.ThrowIfInvalid(GraphRules.AggregateAxes(Name, AggregateAxes));
    }

    /// <summary>The aggregated axes (numbered from 1 in (batch, spatial…, channels)); null means every spatial axis.</summary>
    public int[]? AggregateAxes { get; }

    public override string Name => GraphRules.Name(AggregateAxes);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => GraphRules.Aggregate(Name, input, AggregateAxes);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var lifts = LiftsFor<T>(x[0]);
        residual = lifts;
        return new[] { lifts is null ? x[0] : Pass(x[0], lifts, repeat: 1, transpose: true) };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context) =>
        new[] { residual is T[][] lifts ? Pass(cotangent[0], lifts, context.Repeat, transpose: false) : cotangent[0] };

    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var lifts = LiftsFor<T>(x[0].Primal);
        return new[] { lifts is null ? x[0] : x[0].MapLinear(c => Pass(c, lifts, repeat: 1, transpose: true)) };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        var arguments = LayerArguments.Current;
        if (arguments.Pattern1 is null && arguments.Pattern2 is null) return input;
        if (tile.Layout.Form != SpatialForm.Full)
            throw new InvalidOperationException($"{Name} received a {tile.Layout} covariance; it needs the full form (the layout requirement was not propagated).");
        var geometry = GraphGeometry.For(tile.Layout.Dims, AggregateAxes);
        var (first, second) = (arguments.Pattern1!, arguments.Pattern2 ?? arguments.Pattern1!);
        var rows = Enumerable.Range(0, tile.Rows).Select(i => geometry.Lift<T>(first, tile.Origin.Row0 + i, "pattern1")).ToArray();
        var cols = Enumerable.Range(0, tile.Cols).Select(j => geometry.Lift<T>(second, tile.Origin.Col0 + j, "pattern2")).ToArray();
        int s = geometry.Positions;
        TransformPairs(tile.Nngp, tile.Rows, tile.Cols, s, rows, cols);
        if (tile.Ntk is not null) TransformPairs(tile.Ntk, tile.Rows, tile.Cols, s, rows, cols);
        TransformOwn(tile.Cov1, s, rows);
        TransformOwn(tile.Cov2, s, cols);
        return input;
    }

    internal override SpatialForm[] InputForms(BranchSignature[] input, SpatialForm[] output) => new[] { CovarianceDemand.OfAggregate };

    /// <summary>The lifted adjacency of every item of the batch, or null when no pattern was given (identity).</summary>
    private T[][]? LiftsFor<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var pattern = LayerArguments.Current.Pattern;
        if (pattern is null) return null;
        Validation.Guard.Check(Rule(new[] { new BranchSignature(x.Shape, isGaussian: false) }, forKernel: false));
        if (pattern.Items != x.Dim(0))
            throw new ArgumentException($"pattern has {pattern.Items} graph(s) but the input {x.ShapeText} has {x.Dim(0)} item(s); give one graph per item.", "pattern");
        var geometry = GraphGeometry.For(x.Shape[1..^1], AggregateAxes);
        return Enumerable.Range(0, x.Dim(0)).Select(n => geometry.Lift<T>(pattern, n, "pattern")).ToArray();
    }

    /// <summary>
    /// Row r of <paramref name="x"/> (an S × C matrix, item r / <paramref name="repeat"/>) becomes Lᵀ x (forward) or
    /// L x (the transpose, pulling cotangents back).
    /// </summary>
    private static Tensor<T> Pass<T>(Tensor<T> x, T[][] lifts, int repeat, bool transpose) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = x.Dim(0), channels = x.Dim(-1);
        int s = x.Length / Math.Max(1, rows * channels);
        var y = Tensor<T>.Zeros(x.Shape);
        int block = s * channels;
        for (int r = 0; r < rows; r++)
            Blas.Gemm<T>(transpose, false, s, channels, s, T.One, lifts[r / repeat], s, x.Data.AsSpan(r * block, block), channels,
                T.Zero, y.Data.AsSpan(r * block, block), channels);
        return y;
    }

    /// <summary>Each pair's S × S block M becomes L_aᵀ M L_b, on the host.</summary>
    private static void TransformPairs<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, int rows, int cols, int s, T[][] left, T[][] right)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long per = (long)s * s;
        var values = new T[rows * cols * per];
        buffer.View.SubView(0, values.Length).CopyToCPU(values);
        var scratch = new T[per];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                Sandwich(values.AsSpan((int)((i * cols + j) * per), (int)per), left[i], right[j], s, scratch);
        buffer.View.SubView(0, values.Length).CopyFromCPU(values);
    }

    /// <summary>Each item's own S × S covariance C becomes L_aᵀ C L_a.</summary>
    private static void TransformOwn<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, int s, T[][] lifts) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long per = (long)s * s;
        var values = new T[lifts.Length * per];
        buffer.View.SubView(0, values.Length).CopyToCPU(values);
        var scratch = new T[per];
        for (int i = 0; i < lifts.Length; i++) Sandwich(values.AsSpan((int)(i * per), (int)per), lifts[i], lifts[i], s, scratch);
        buffer.View.SubView(0, values.Length).CopyFromCPU(values);
    }

    private static void Sandwich<T>(Span<T> block, T[] left, T[] right, int s, T[] scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Blas.Gemm<T>(true, false, s, s, s, T.One, left, s, block, s, T.Zero, scratch, s);
        Blas.Gemm<T>(false, false, s, s, s, T.One, scratch, s, right, s, T.Zero, block, s);
    }
}
