using System.Numerics;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Layers;

namespace NeuralTangents.Engine;

/// <summary>Whether a spatial network runs the pair-major plan on the host, and why not when it does not.</summary>
internal static partial class KernelComputation
{
    /// <summary>
    /// The pair-major plan for <paramref name="network"/> on the host, or null (with the reason) when the options ask
    /// for the interpreted layers, the engine is a GPU, a layer has no pair-major rule, or one worker's buffers would
    /// not fit the memory budget.
    /// </summary>
    internal static PairPlan<T>? FastSpatialPlan<T>(LayerBase network, int[] inputShape, SpatialDemand spatial, KernelEngine engine, KernelOptions options, int n2,
        out string reason) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (options.InterpretedLayers)
        {
            reason = "KernelOptions.InterpretedLayers asks for the interpreted layers";
            return null;
        }
        if (!engine.IsCpu)
        {
            reason = $"the engine runs on {engine.DeviceName}; the pair-major plan runs on the host CPU (device kernels of the plan are not written yet)";
            return null;
        }
        var plan = PairPlan<T>.TryBuild(network, inputShape, spatial.InputForm, out var why);
        if (plan is null)
        {
            reason = why!;
            return null;
        }
        long budget = options.MemoryBudgetBytes ?? engine.DefaultMemoryBudgetBytes;
        long needed = PairPlanRunner.BytesPerWorker(plan, n2) * Environment.ProcessorCount;
        if (needed > budget)
        {
            reason = $"its buffers need {needed} bytes on {Environment.ProcessorCount} cores, more than the memory budget of {budget} bytes";
            return null;
        }
        reason = $"pair-major host plan: {plan.Describe()}";
        return plan;
    }
}
