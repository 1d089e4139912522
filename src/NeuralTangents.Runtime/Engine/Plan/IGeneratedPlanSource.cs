using System.Numerics;

namespace NeuralTangents.Engine.Plan;

/// <summary>Tiles of a generated class that states its network's pair-major plan at compile time.</summary>
internal interface IGeneratedPlanSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The plan's steps (null: the runtime plans the network from its layers).</summary>
    Action<PairPlanBuilder<T>>? GeneratedPlan { get; }
}
