namespace NeuralTangents.Engine.Plan;

/// <summary>One step of a <see cref="PairPlan{T}"/>: transforms the state of a branch in place (replacing its buffers when the size changes).</summary>
internal abstract class PlanNode<T> where T : unmanaged
{
    /// <summary>Runs this step on <paramref name="state"/>.</summary>
    public abstract void Run(PairState<T> state, PlanContext<T> context);

    /// <summary>The layers this step carries out, for plan descriptions.</summary>
    public abstract IEnumerable<string> Describe();
}
