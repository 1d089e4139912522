namespace NeuralTangents;

/// <summary>
/// A named scalar hyperparameter that a kernel depends on (e.g. a Dense layer's W_std), with its current value.
/// </summary>
/// <param name="Name">A name unique within its kernel, used to select it for fitting and to report fitted values.</param>
/// <param name="Value">The current value; <see cref="HyperparameterFit"/> starts from it unless told otherwise.</param>
/// <param name="IsPositive">
/// Whether the value must stay positive (a standard deviation, a length scale): it is then fitted as log θ, so
/// that every step of the optimizer keeps it positive and steps are relative. Others (a shift, a slope that may
/// change sign) are fitted on their own scale.
/// </param>
public sealed record KernelHyperparameter(string Name, double Value, bool IsPositive = true);
