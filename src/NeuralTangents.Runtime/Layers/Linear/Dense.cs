using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Random;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Linear;

/// <summary>
/// A fully-connected layer along the channel (last) axis.
/// Kernel, NTK parameterization: K' = W_std²·K + b_std², Θ' = K' + W_std²·Θ.
/// Standard parameterization with n = n_in/s0: Θ' = n·K + W_std²·Θ (+1 with a bias), then K' = W_std²·K + b_std².
/// </summary>
internal sealed partial class Dense : LayerBase
{
    public Dense(int outDim, double wStd, double? bStd, Parameterization parameterization, int widthScaleIn, int widthScaleOut)
    {
        OutDim = outDim;
        WStd = wStd;
        BStd = bStd;
        Parameterization = parameterization;
        WidthScaleIn = widthScaleIn;
        WidthScaleOut = widthScaleOut;
        Guard(LayerRules.Dense(Name, new[] { new BranchSignature(new[] { -1, 1 }, false) }, outDim, wStd, bStd, widthScaleIn, widthScaleOut));
    }

    public int OutDim { get; }

    public double WStd { get; }

    public double? BStd { get; }

    public Parameterization Parameterization { get; }

    public int WidthScaleIn { get; }

    public int WidthScaleOut { get; }

    private int Width => Parameterization == Parameterization.Standard ? OutDim * WidthScaleOut : OutDim;

    public override string Name
    {
        get
        {
            return LayerNames.Dense(OutDim, WStd, BStd, Parameterization == Parameterization.Standard, WidthScaleIn, WidthScaleOut);
        }
    }

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) =>
        LayerRules.Dense(Name, input, OutDim, WStd, BStd, WidthScaleIn, WidthScaleOut);

    internal override Parameters<T> InitCore<T>(PrngKey key, BranchSignature[] input)
    {
        int nIn = input[0].Channels;
        double weightStd = Parameterization == Parameterization.Standard ? WStd / Math.Sqrt((double)nIn / WidthScaleIn) : 1.0;
        double biasStd = Parameterization == Parameterization.Standard ? BStd ?? 0 : 1.0;
        var tensors = new List<Tensor<T>> { Normal<T>(key.Child(0), new[] { nIn, Width }, weightStd) };
        if (BStd is not null) tensors.Add(Normal<T>(key.Child(1), new[] { Width }, biasStd));
        return new Parameters<T>(Name, tensors, Array.Empty<Parameters<T>>());
    }

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var (weightScale, biasScale) = Scales(x[0].Dim(-1));
        CheckParameters(parameters);
        var w = parameters.Tensors[0];
        if (w.Dim(0) != x[0].Dim(-1))
            throw new ArgumentException(
                $"{Name}: the weights expect {w.Dim(0)} input channels but the input has shape {x[0].ShapeText}; the input must have the feature shape the parameters were initialized for.", nameof(x));
        var y = TensorMath.MatMulLastAxis(x[0], w, weightScale);
        if (biasScale is double bias) TensorMath.AddBias(y, parameters.Tensors[1], bias);
        residual = x[0];
        return new[] { y };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var x = (Tensor<T>)residual!;
        var (weightScale, biasScale) = Scales(x.Dim(-1));
        context.Sink?.OnAffine(this, parameters, x, cotangent[0], weightScale, biasScale);
        return new[] { TensorMath.MatMulTransposedLastAxis(cotangent[0], parameters.Tensors[0], weightScale) };
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        var ops = DeviceOps<T>.Instance;
        double w2 = WStd * WStd, b2 = BStd is double b ? b * b : 0;
        if (tile.Ntk is not null && Parameterization == Parameterization.Standard)
        {
            double width = (double)tile.Signature.Channels / WidthScaleIn;
            ops.Combine(engine, tile.Ntk, tile.Nngp, tile.Entries, width, w2, BStd is null ? 0 : 1);
        }
        ops.Affine(engine, tile.Nngp, tile.Entries, w2, b2);
        ops.Affine(engine, tile.Cov1, tile.Rows, w2, b2);
        ops.Affine(engine, tile.Cov2, tile.Cols, w2, b2);
        if (tile.Ntk is not null && Parameterization == Parameterization.Ntk)
            ops.Combine(engine, tile.Ntk, tile.Nngp, tile.Entries, 1, w2, 0);
        tile.Signature = new BranchSignature(Shapes.WithChannels(tile.Signature.Shape, Width), isGaussian: true);
        return input;
    }

    /// <summary>
    /// Checks that <paramref name="parameters"/> are this layer's: W of shape (n_in, width), then b of shape
    /// (width) exactly when the layer has a bias. Parameters of another network would otherwise be applied
    /// silently (a different width) or fail with an index error.
    /// </summary>
    private void CheckParameters<T>(Parameters<T> parameters) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int expected = BStd is null ? 1 : 2;
        string node = parameters.Layer.Length == 0 ? "a parameter-free layer's node" : $"the node of {parameters.Layer}";
        if (parameters.Tensors.Count != expected)
            throw new ArgumentException(
                $"{Name} needs {(expected == 1 ? "1 tensor (W)" : "2 tensors (W, b)")} but the parameters passed for it ({node}) hold {parameters.Tensors.Count}; pass the parameters Init returned for this network.",
                nameof(parameters));
        var w = parameters.Tensors[0];
        if (w.Rank != 2 || w.Dim(1) != Width)
            throw new ArgumentException(
                $"{Name} needs a weight of shape (n_in, {Width}) but the parameters passed for it ({node}) hold shape {w.ShapeText}; pass the parameters Init returned for this network.",
                nameof(parameters));
        if (expected == 2 && (parameters.Tensors[1].Rank != 1 || parameters.Tensors[1].Dim(0) != Width))
            throw new ArgumentException(
                $"{Name} needs a bias of shape ({Width}) but the parameters passed for it ({node}) hold shape {parameters.Tensors[1].ShapeText}; pass the parameters Init returned for this network.",
                nameof(parameters));
    }

    /// <summary>The factors in y = weightScale·x·W + biasScale·b for an input of <paramref name="nIn"/> channels.</summary>
    private (double WeightScale, double? BiasScale) Scales(int nIn) => Parameterization == Parameterization.Ntk
        ? (WStd / Math.Sqrt(nIn), BStd)
        : (1.0 / Math.Sqrt(WidthScaleIn), BStd is null ? null : 1.0);

    private static Tensor<T> Normal<T>(PrngKey key, int[] shape, double std) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var tensor = Tensor<T>.Zeros(shape);
        key.FillNormal(tensor.Data, std);
        return tensor;
    }

    private static void Guard(RuleResult result) => Validation.Guard.Check(result);
}
