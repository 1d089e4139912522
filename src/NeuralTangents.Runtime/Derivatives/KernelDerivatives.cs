using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents;

/// <summary>
/// Exact derivatives of a network's infinite-width kernels with respect to its hyperparameters (beyond Neural
/// Tangents, which users differentiate with JAX's autodiff through <c>kernel_fn</c>). Forward mode through the
/// pair-major plan: the kernel's own steps carry one tangent per hyperparameter beside the nngp and ntk, with the
/// closed-form derivative maps of every nonlinearity's dual, so the derivatives are exact to rounding and finite at
/// ρ = 1 on the kernel's diagonal.
/// </summary>
/// <remarks>
/// Covered: the networks the plan covers on the host — Dense, Conv, the closed-form nonlinearities, Flatten, global
/// and window pooling, Identity, test-mode Dropout, FanOut/Parallel/FanInSum — ending without spatial axes. Layers
/// outside it raise <see cref="NotSupportedException"/> naming the layer. The computation runs on the CPU whatever
/// <see cref="KernelOptions.Engine"/> says; this first version runs each step over a block's rows one rule at a time
/// rather than fused, so it is slower than <see cref="ILayer.KernelFn{T}"/> by more than the tangents' own cost.
/// </remarks>
public static class KernelDerivatives
{
    /// <summary>
    /// The kernel of <paramref name="network"/> for <paramref name="x1"/> against <paramref name="x2"/> (x1 itself when
    /// null) and its derivatives with respect to each of <paramref name="hyperparameters"/> (all of
    /// <see cref="Hyperparameter.Of"/> when null).
    /// </summary>
    /// <exception cref="ArgumentException">Inputs of the wrong shape, or a hyperparameter the network does not have.</exception>
    /// <exception cref="NotSupportedException">A layer without a pair-major rule, or an output with spatial axes.</exception>
    /// <exception cref="KernelDerivativeException">A derivative that does not exist (the arc-cosine family at ρ = ±1 between different inputs).</exception>
    public static KernelWithDerivatives<T> Compute<T>(ILayer network, Tensor<T> x1, Tensor<T>? x2 = null, IReadOnlyList<Hyperparameter>? hyperparameters = null,
        KernelOutputs get = KernelOutputs.Both, KernelOptions? options = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(x1);
        if ((get & KernelOutputs.Both) == 0 || (get & ~KernelOutputs.Both) != 0)
            throw new ArgumentOutOfRangeException(nameof(get), get, "get must be Nngp, Ntk or Both.");
        options ??= KernelOptions.Default;
        if (options.MaskConstant is not null || options.Pattern1 is not null || options.Pattern2 is not null)
            throw new NotSupportedException("Kernel derivatives do not support masked inputs or graph patterns yet.");
        var layer = LayerBase.From(network, nameof(network));
        hyperparameters ??= Hyperparameter.Of(network);
        var (inputShape, form) = KernelComputation.DerivativeInputs(layer, x1, x2);
        var plan = PairPlan<T>.TryBuild(layer, inputShape, form, out var why)
            ?? throw new NotSupportedException($"Kernel derivatives need the pair-major plan, which does not cover this network: {why}");
        var seeds = TangentBinding.Seeds(layer, plan, hyperparameters);

        int n1 = x1.Dim(0), n2 = x2?.Dim(0) ?? n1;
        bool x1IsX2 = x2 is null || ReferenceEquals(x1, x2) || x1.Data.AsSpan().SequenceEqual(x2.Data);
        // Without spatial axes the input covariance is the Gram matrix over all features (one position).
        int positions = form == SpatialForm.None ? 1 : plan.Positions;
        int channels = form == SpatialForm.None ? x1.RowLength : plan.Channels;
        var inputs1 = new PairInputs<T>(x1.Data, n1, positions, channels, form);
        var inputs2 = x1IsX2 ? inputs1 : new PairInputs<T>(x2!.Data, n2, positions, channels, form);

        bool wantNtk = (get & KernelOutputs.Ntk) != 0, wantNngp = (get & KernelOutputs.Nngp) != 0;
        int count = hyperparameters.Count;
        var nngp = new T[(long)n1 * n2];
        var ntk = wantNtk ? new T[(long)n1 * n2] : null;
        var dNngp = Enumerable.Range(0, count).Select(_ => new T[(long)n1 * n2]).ToArray();
        var dNtk = wantNtk ? Enumerable.Range(0, count).Select(_ => new T[(long)n1 * n2]).ToArray() : null;
        var cov1 = new T[n1];
        var cov2 = new T[n2];
        new TangentPlanRunner<T>(plan, seeds, count, form, positions, options.CancellationToken).Run(inputs1, n1, inputs2, n2, x1IsX2, nngp, ntk, dNngp, dNtk, cov1, cov2);

        var kernel = new Kernel<T>
        {
            Nngp = wantNngp ? new Tensor<T>(nngp, n1, n2) : null,
            Ntk = ntk is null ? null : new Tensor<T>(ntk, n1, n2),
            Cov1 = new Tensor<T>(cov1, n1),
            Cov2 = x2 is null ? null : new Tensor<T>(cov2, n2),
            IsGaussian = plan.Output.IsGaussian,
            X1IsX2 = x1IsX2,
            Shape1 = network.OutputShape(x1.Shape),
            Shape2 = network.OutputShape((x2 ?? x1).Shape),
        };
        return new KernelWithDerivatives<T>(kernel, hyperparameters.ToArray(),
            wantNngp ? dNngp.Select(d => new Tensor<T>(d, n1, n2)).ToArray() : null,
            dNtk?.Select(d => new Tensor<T>(d, n1, n2)).ToArray());
    }
}
