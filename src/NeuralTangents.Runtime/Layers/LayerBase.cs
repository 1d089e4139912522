using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Random;
using NeuralTangents.Rules;
using NeuralTangents.Validation;

namespace NeuralTangents.Layers;

/// <summary>
/// The machinery behind every layer. Values flow between layers as arrays of branches (one array entry
/// per branch: FanOut makes several, FanIn joins them). Each layer implements its shape rule (from
/// <see cref="LayerRules"/>), its finite forward and backward rules, and its kernel rule on device tiles.
/// </summary>
internal abstract partial class LayerBase : ILayer
{
    public abstract string Name { get; }

    /// <summary>The layer's rule: output branches for input branches, or the violation.</summary>
    internal abstract RuleResult Rule(BranchSignature[] input, bool forKernel);

    /// <summary>Draws this layer's parameters; parameter-free layers return <see cref="Parameters{T}.Empty"/>.</summary>
    internal virtual Parameters<T> InitCore<T>(PrngKey key, BranchSignature[] input) where T : unmanaged, IFloatingPointIeee754<T> =>
        Parameters<T>.Empty;

    /// <summary>The finite forward pass; <paramref name="residual"/> keeps what <see cref="Backward{T}"/> needs.</summary>
    internal abstract Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Pulls output cotangents back to input cotangents, reporting affine layers to the context's sink.</summary>
    internal abstract Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The forward pass on Taylor jets in t with the parameters moving along θ(t) = parameters + t·direction
    /// (a null direction keeps them fixed). Coefficient 0 of the output is exactly <see cref="Forward{T}"/>'s
    /// output; coefficient 1 is the Jacobian-vector product; higher coefficients give Taylor expansions.
    /// </summary>
    internal abstract Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The kernel rule on one tile: consumes the input tiles (disposing what it replaces) and returns the output tiles.</summary>
    internal abstract KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The number of tile-sized kernel arrays per branch alive at once inside this layer, relative to its input (for memory planning).</summary>
    internal virtual int PeakBranches(int inputBranches) => Math.Max(inputBranches, OutputBranchCount(inputBranches));

    /// <summary>The number of branches this layer outputs for a number of input branches.</summary>
    internal virtual int OutputBranchCount(int inputBranches) => 1;

    /// <summary>
    /// The covariance form this layer needs of each input branch (for inputs with spatial axes) so that it can
    /// deliver <paramref name="output"/> (one form per output branch). Layers that act on each position pair
    /// separately need what their consumers need; pooling needs the full form; Flatten only the diagonal.
    /// </summary>
    internal virtual SpatialForm[] InputForms(BranchSignature[] input, SpatialForm[] output)
        => CovarianceDemand.PassOn(input.Length, output);

    /// <summary>Applies the rule and throws on a violation.</summary>
    internal BranchSignature[] Infer(BranchSignature[] input, bool forKernel) => Guard.Check(Rule(input, forKernel));

    internal static LayerBase From(ILayer layer, string argument) => layer switch
    {
        LayerBase known => known,
        null => throw new ArgumentNullException(argument),
        _ => throw new ArgumentException($"{argument}: layers must come from the Stax factory; {layer.GetType().Name} is not one.", argument),
    };

    public int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        var output = Infer(new[] { new BranchSignature(inputShape, isGaussian: false) }, forKernel: false);
        return SingleOutput(output).Shape;
    }

    public Parameters<T> Init<T>(PrngKey key, int[] inputShape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        var input = new[] { new BranchSignature(inputShape, isGaussian: false) };
        SingleOutput(Infer(input, forKernel: false));
        return InitCore<T>(key, input);
    }

    public Tensor<T> Apply<T>(Parameters<T> parameters, Tensor<T> x, GraphPattern? pattern = null, double? maskConstant = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(x);
        if (maskConstant is double constant) return ApplyMasked(parameters, x, pattern, constant);
        Guard.MinRank(x, 1, nameof(x), "a batch axis first");
        Guard.AllFinite(x, nameof(x));
        SingleOutput(Infer(new[] { new BranchSignature(x.Shape, isGaussian: false) }, forKernel: false));
        using var scope = LayerArguments.Enter(new LayerArguments(pattern, null, null));
        return Forward(parameters, new[] { x }, out _)[0];
    }

    public Kernel<T> KernelFn<T>(Tensor<T> x1, Tensor<T>? x2 = null, KernelOutputs get = KernelOutputs.Both, KernelOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelComputation.Run(this, x1, x2, get, options ?? KernelOptions.Default);

    public override string ToString() => Name;

    private BranchSignature SingleOutput(BranchSignature[] output)
    {
        if (output.Length != 1)
            throw new NetworkDefinitionException(new RuleViolation(RuleIds.BranchCountMismatch, "network",
                $"{Name} ends with {output.Length} branches; a network must end with one (join them with a FanIn layer)."));
        return output[0];
    }
}
