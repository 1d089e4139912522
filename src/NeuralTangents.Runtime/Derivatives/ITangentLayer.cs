namespace NeuralTangents.Layers;

/// <summary>
/// A layer whose kernel rule in a pair-major plan (one <see cref="Engine.Plan.PointwiseOp{T}"/>) has forward-mode
/// rules for some of its scalar arguments: which ones, by the name the network JSON gives them, and how each enters the op.
/// </summary>
internal interface ITangentLayer
{
    /// <summary>The arguments with derivative rules, as the network JSON names them (e.g. <c>wStd</c>, <c>bStd</c>, <c>a</c>, <c>coef[2]</c>).</summary>
    IReadOnlyList<string> HyperparameterNames { get; }

    /// <summary>
    /// The op's own parameter that <paramref name="name"/> moves and the chain-rule factor d(op parameter)/d(argument);
    /// <paramref name="name"/> is one of <see cref="HyperparameterNames"/>.
    /// </summary>
    (int Parameter, double Scale) Seed(string name);
}
