using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// A train-train kernel that depends on named scalar hyperparameters and can return its derivatives with respect
/// to them: what <see cref="HyperparameterFit"/> maximizes the marginal likelihood over. An implementation holds
/// the training inputs; it may be a closed form, or an infinite network's NNGP or NTK with derivatives computed
/// through the kernel recursion.
/// </summary>
/// <typeparam name="T">The precision of the matrices it returns.</typeparam>
public interface IDifferentiableKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The hyperparameters, with unique names and their current values (the fit's default start).</summary>
    IReadOnlyList<KernelHyperparameter> Hyperparameters { get; }

    /// <summary>
    /// The kernel at <paramref name="values"/> and its derivatives with respect to the hyperparameters at the
    /// indices <paramref name="differentiate"/> (possibly none).
    /// </summary>
    /// <param name="values">One value per entry of <see cref="Hyperparameters"/>, in that order.</param>
    /// <param name="differentiate">Indices into <see cref="Hyperparameters"/>; the derivatives come back in this order.</param>
    /// <param name="cancellationToken">Cancels a long evaluation.</param>
    DifferentiatedKernel<T> Evaluate(IReadOnlyList<double> values, IReadOnlyList<int> differentiate, CancellationToken cancellationToken);
}
