using System.ComponentModel;
using System.Numerics;

namespace NeuralTangents.CompilerServices;

/// <summary>
/// The derivative entry points of generated networks: <see cref="KernelDerivatives.Compute{T}"/>
/// and <see cref="KernelDerivatives.ByInputs{T}"/> run on
/// the pair-major plan a generated <c>[Network]</c> class states at compile time, instead of a plan built from the
/// network's layers at run time. The tangents travel through the very steps that class's <c>KernelFn</c> runs.
/// Called by generated <c>[Network]</c> code; hidden from IntelliSense and not meant to be used directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedDerivatives
{
    /// <summary>
    /// The kernel of <paramref name="network"/> and its derivatives with respect to <paramref name="hyperparameters"/>
    /// (all of <see cref="Hyperparameter.Of"/> when null), on the plan stated by <paramref name="plan"/>.
    /// </summary>
    /// <param name="network">
    /// The runtime network the plan was generated from: it validates the inputs and names the hyperparameters (their
    /// paths are its JSON paths), so errors read as on the runtime path. The plan must be this network's (the source
    /// generator guarantees it; a plan whose ops do not match the network's layers is rejected).
    /// </param>
    /// <param name="plan">The generated plan's steps.</param>
    /// <param name="x1">Inputs, items first.</param>
    /// <param name="x2">Second inputs, or null for x1 against itself.</param>
    /// <param name="hyperparameters">The hyperparameters to differentiate by; null for all.</param>
    /// <param name="get">Which kernels to compute.</param>
    /// <param name="options">Cancellation (the derivatives run on the host CPU); null for the defaults.</param>
    /// <exception cref="ArgumentException">Inputs of the wrong shape, or a hyperparameter the network does not have.</exception>
    /// <exception cref="NotSupportedException">A step without a tangent rule, or masked inputs.</exception>
    /// <exception cref="KernelDerivativeException">A derivative that does not exist.</exception>
    public static KernelWithDerivatives<T> Compute<T>(ILayer network, Action<PlanSteps<T>> plan, Tensor<T> x1, Tensor<T>? x2 = null,
        IReadOnlyList<Hyperparameter>? hyperparameters = null, KernelOutputs get = KernelOutputs.Both, KernelOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(plan);
        return KernelDerivatives.ComputeOnPlan(network, builder => plan(new PlanSteps<T>(builder)), x1, x2, hyperparameters, get, options);
    }

    /// <summary>
    /// The kernel of <paramref name="network"/> and its derivatives with respect to <paramref name="x1"/> (x2 held
    /// fixed), on the plan stated by <paramref name="plan"/>; entry [i, j, f…] is ∂K(x1ᵢ, x2ⱼ)/∂x1ᵢ(f…).
    /// </summary>
    /// <param name="network">The runtime network the plan was generated from (input validation, shapes).</param>
    /// <param name="plan">The generated plan's steps.</param>
    /// <param name="x1">Inputs, items first.</param>
    /// <param name="x2">Second inputs, or null for x1 against itself.</param>
    /// <param name="get">Which kernels to compute.</param>
    /// <param name="options">Cancellation (the derivatives run on the host CPU); null for the defaults.</param>
    /// <exception cref="ArgumentException">Inputs of the wrong shape.</exception>
    /// <exception cref="NotSupportedException">A step without a tangent rule, or masked inputs.</exception>
    /// <exception cref="KernelDerivativeException">A derivative that does not exist (e.g. a ReLU NTK at equal inputs).</exception>
    public static KernelInputDerivatives<T> ByInputs<T>(ILayer network, Action<PlanSteps<T>> plan, Tensor<T> x1, Tensor<T>? x2 = null,
        KernelOutputs get = KernelOutputs.Both, KernelOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(plan);
        return KernelDerivatives.ByInputsOnPlan(network, builder => plan(new PlanSteps<T>(builder)), x1, x2, get, options);
    }
}
