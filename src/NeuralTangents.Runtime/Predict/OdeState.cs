using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// The state of the function-space training ODE (Neural Tangents' <c>ODEState</c>): outputs on the training
/// and test sets and, for momentum, their velocities.
/// </summary>
/// <typeparam name="T">The precision.</typeparam>
/// <param name="FxTrain">Training-set outputs, laid out as the targets.</param>
/// <param name="FxTest">Test-set outputs, or null when no test set is predicted.</param>
/// <param name="QxTrain">Training-set velocity (momentum only), or null.</param>
/// <param name="QxTest">Test-set velocity (momentum only), or null.</param>
public sealed record OdeState<T>(Tensor<T> FxTrain, Tensor<T>? FxTest = null, Tensor<T>? QxTrain = null, Tensor<T>? QxTest = null)
    where T : unmanaged, IFloatingPointIeee754<T>;
