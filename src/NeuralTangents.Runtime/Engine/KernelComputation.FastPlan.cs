using System.Numerics;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Layers;

namespace NeuralTangents.Engine;

/// <summary>Whether a spatial network runs the pair-major plan on the host, and why not when it does not.</summary>
internal static partial class KernelComputation
{
    /// <summary>Which path a kernel of inputs of <paramref name="inputShape"/> (batch axis first) takes, and why (for <see cref="KernelPlanInfo"/>).</summary>
    internal static string PathFor<T>(LayerBase network, int[] inputShape, int n2, KernelOptions options, KernelEngine engine)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inputShape.Length <= 2 || StartsWithFlatten(network))
        {
            var flat = FastPlan<T>(network, inputShape, Rules.SpatialForm.None, engine, options, n2, out var why);
            return flat is null ? $"interpreted layers: {why}" : $"{why} (a generated [Network] class runs its own fused chain)";
        }
        var output = network.Infer(new[] { new Rules.BranchSignature(inputShape, isGaussian: false) }, forKernel: true);
        var outputForm = output.Length == 1 ? OutputForm(output[0], options) : Rules.SpatialForm.None;
        if (outputForm != Rules.SpatialForm.None) return "interpreted layers: the output keeps spatial axes (the pair-major plan covers outputs without them)";
        if (options.MaskConstant is not null) return "interpreted layers: masked inputs take the layers' mask rules";
        if (options.Pattern1 is not null || options.Pattern2 is not null) return "interpreted layers: graph patterns take the layers' rules";
        var plan = FastSpatialPlan<T>(network, inputShape, DemandFor(network, inputShape, outputForm)!, engine, options, n2, out var reason);
        return plan is null ? $"interpreted layers: {reason}" : reason;
    }

    /// <summary>
    /// The pair-major plan for <paramref name="network"/> on the host, or null (with the reason) when the options ask
    /// for the interpreted layers, a layer has no pair-major rule, or one worker's buffers would
    /// not fit the memory budget. A generated class may state the plan's steps itself (<c>generated</c>; null: the
    /// network's layers state them).
    /// </summary>
    internal static PairPlan<T>? FastSpatialPlan<T>(LayerBase network, int[] inputShape, SpatialDemand spatial, KernelEngine engine, KernelOptions options, int n2,
        out string reason, Action<PairPlanBuilder<T>>? generated = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        FastPlan<T>(network, inputShape, spatial.InputForm, engine, options, n2, out reason, generated);

    /// <summary>Whether the pair-major plan runs as device kernels (a GPU, or <see cref="KernelOptions.DevicePlan"/>) rather than as host loops.</summary>
    internal static bool RunsPlanOnDevice(KernelEngine engine, KernelOptions options) => !engine.IsCpu || options.DevicePlan;

    /// <summary>As <see cref="FastSpatialPlan{T}"/> for an input covariance in <paramref name="inputForm"/> (none: items × features inputs).</summary>
    internal static PairPlan<T>? FastPlan<T>(LayerBase network, int[] inputShape, Rules.SpatialForm inputForm, KernelEngine engine, KernelOptions options, int n2,
        out string reason, Action<PairPlanBuilder<T>>? generated = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (options.InterpretedLayers)
        {
            reason = "KernelOptions.InterpretedLayers asks for the interpreted layers";
            return null;
        }
        bool onDevice = RunsPlanOnDevice(engine, options);
        var plan = generated is null
            ? PairPlan<T>.TryBuild(network, inputShape, inputForm, out var why)
            : PairPlan<T>.TryBuild(generated, inputShape, inputForm, generated: true, out why);
        if (plan is null)
        {
            reason = why!;
            return null;
        }
        long budget = options.MemoryBudgetBytes ?? engine.DefaultMemoryBudgetBytes;
        // On the device one pair at least must fit (a batch takes as many as the budget allows); on the host one block per core.
        long needed = onDevice ? DevicePlan.DevicePlanRunner.BytesPerPair(plan) : PairPlanRunner.BytesPerWorker(plan, n2) * Environment.ProcessorCount;
        if (needed > budget)
        {
            reason = onDevice
                ? $"one pair's device buffers need {needed} bytes, more than the memory budget of {budget} bytes"
                : $"its buffers need {needed} bytes on {Environment.ProcessorCount} cores, more than the memory budget of {budget} bytes";
            return null;
        }
        string source = plan.Generated ? " (stated at compile time by the generated class)" : "";
        reason = onDevice
            ? $"pair-major device plan on {engine.DeviceName}{source}: {plan.Describe()}"
            : $"pair-major host plan{source}: {plan.Describe()}";
        return plan;
    }
}
