using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The forward-mode rule of a pointwise op: given the op's primal input (the state before <see cref="PointwiseOp{T}.Apply"/>)
/// and the tangents of that input, overwrite the tangents with those of the op's output. Linear steps (box filters,
/// reductions, residual sums) need no rule of their own: their tangents are the same step applied to the tangents.
/// </summary>
internal interface ITangentOp<T> where T : unmanaged
{
    /// <summary>
    /// Updates every tangent state in <paramref name="tangents"/> (same form and size as the primal: <paramref name="rows"/>
    /// rows of <paramref name="inner"/> values) from the primal input <paramref name="nngp"/>/<paramref name="ntk"/>
    /// (<paramref name="ntk"/> empty when the NTK is not computed).
    /// </summary>
    void ApplyTangents(ReadOnlySpan<T> nngp, ReadOnlySpan<T> ntk, PairState<T>[] tangents, int rows, int inner, SpatialForm form, int positions,
        PlanContext<T> context, TangentContext<T> tangentContext);
}
