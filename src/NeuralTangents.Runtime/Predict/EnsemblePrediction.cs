using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// The outputs of an infinite ensemble of infinitely wide networks at one training time, for each regime that
/// was requested (null otherwise): <see cref="Nngp"/> (only the readout layer trained, equivalently the NNGP
/// posterior at t = ∞) and <see cref="Ntk"/> (all layers trained by gradient flow).
/// </summary>
/// <typeparam name="T">The precision.</typeparam>
/// <param name="Time">The training time t (+∞ for converged).</param>
/// <param name="Nngp">Mean (and covariance, if requested) in the NNGP regime.</param>
/// <param name="Ntk">Mean (and covariance, if requested) in the NTK regime.</param>
public sealed record EnsemblePrediction<T>(double Time, Gaussian<T>? Nngp, Gaussian<T>? Ntk) where T : unmanaged, IFloatingPointIeee754<T>;
