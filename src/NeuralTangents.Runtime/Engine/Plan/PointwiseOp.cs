using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A kernel rule that acts on every position pair separately (Dense's affine map, a nonlinearity's dual): applied to
/// one row of the state at a time, so that it runs while the row a box filter just wrote is still in the cache.
/// </summary>
internal abstract class PointwiseOp<T> where T : unmanaged
{
    /// <summary>The layer this op comes from (for plan descriptions).</summary>
    public abstract string Describe();

    /// <summary>
    /// Applies the rule to <paramref name="rows"/> consecutive rows from <paramref name="row"/>, each of
    /// <paramref name="inner"/> values (<paramref name="nngp"/>, and <paramref name="ntk"/> unless empty, hold those
    /// rows only) of a state in <paramref name="form"/> with <paramref name="positions"/> positions.
    /// </summary>
    public abstract void Apply(Span<T> nngp, Span<T> ntk, int row, int rows, int inner, SpatialForm form, int positions, PlanContext<T> context);
}
