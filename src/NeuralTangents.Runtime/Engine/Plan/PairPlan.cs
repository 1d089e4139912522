using System.Numerics;
using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A network's kernel as a list of pair-major steps, planned once per network and input shape: the covariances of a
/// block of pairs laid out with the pair axis (or the second item's positions) innermost, box filters as sums of
/// shifted rows, every pointwise rule fused into the pass of the filter before it, per-item variances once per item.
/// The steps say what to compute; <see cref="PairPlanRunner"/> decides how to run them on the host.
/// </summary>
internal sealed class PairPlan<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public PairPlan(IReadOnlyList<PlanNode<T>> nodes, IReadOnlyList<PlanDual> duals, SpatialForm inputForm, int positions, int channels, BranchSignature output,
        IReadOnlyList<string> steps)
    {
        Steps = steps;
        Nodes = nodes;
        Duals = duals;
        InputForm = inputForm;
        Positions = positions;
        Channels = channels;
        Output = output;
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<PlanNode<T>> Nodes { get; }

    /// <summary>The nonlinearities, numbered as their variance tables.</summary>
    public IReadOnlyList<PlanDual> Duals { get; }

    /// <summary>The input covariance's form: diagonal (blocks of pairs) or full (one pair at a time).</summary>
    public SpatialForm InputForm { get; }

    /// <summary>Spatial positions of the input.</summary>
    public int Positions { get; }

    /// <summary>Channels of the input (the input covariance divides by them).</summary>
    public int Channels { get; }

    /// <summary>The output signature of the network.</summary>
    public BranchSignature Output { get; }

    /// <summary>Every step as it was built, with its sizes and constants, one line each (what tests compare between a generated plan and the runtime's).</summary>
    public IReadOnlyList<string> Steps { get; }

    /// <summary>Whether a generated <c>[Network]</c> class stated this plan at compile time (rather than the runtime planning it from the layers).</summary>
    public bool Generated { get; init; }

    /// <summary>The steps as text: the layers in each fused pass.</summary>
    public string Describe() => string.Join(" ; ", Nodes.Select(n => string.Join(" + ", n.Describe())));

    /// <summary>
    /// The plan of <paramref name="network"/> for inputs of <paramref name="inputShape"/> (batch, spatial…, channels)
    /// whose covariance starts in <paramref name="inputForm"/>, or null with the reason when a layer has no pair-major
    /// rule (then the interpreted layers compute the kernel).
    /// </summary>
    public static PairPlan<T>? TryBuild(LayerBase network, int[] inputShape, SpatialForm inputForm, out string? reason) =>
        TryBuild(network.AddToPlan, inputShape, inputForm, generated: false, out reason);

    /// <summary>
    /// As <see cref="TryBuild(LayerBase, int[], SpatialForm, out string?)"/> from steps stated by <paramref name="add"/>
    /// (a generated class's plan, or a network's <c>AddToPlan</c>).
    /// </summary>
    public static PairPlan<T>? TryBuild(Action<PairPlanBuilder<T>> add, int[] inputShape, SpatialForm inputForm, bool generated, out string? reason)
    {
        var builder = new PairPlanBuilder<T>(new BranchSignature(inputShape, isGaussian: false), inputForm);
        try
        {
            add(builder);
            var plan = builder.Build(generated);
            reason = null;
            return plan;
        }
        catch (PlanUnsupportedException unsupported)
        {
            reason = unsupported.Message;
            return null;
        }
    }
}
