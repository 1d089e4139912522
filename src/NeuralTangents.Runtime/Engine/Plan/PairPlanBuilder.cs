using System.Numerics;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// Collects a network's pair-major steps while its layers add their rules (<see cref="LayerBase.AddToPlan{T}"/>):
/// tracks each live branch's signature, covariance form and spatial axes, numbers the nonlinearities, and turns
/// FanOut … FanInSum into residual steps. A layer without a rule calls <see cref="Unsupported"/>.
/// </summary>
internal sealed partial class PairPlanBuilder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<PlanDual> _duals = new();
    private readonly Stack<Branch> _forks = new();
    private readonly BranchSignature _input;
    private readonly SpatialForm _inputForm;
    private Branch[] _branches;

    public PairPlanBuilder(BranchSignature input, SpatialForm inputForm)
    {
        _input = input;
        _inputForm = inputForm;
        _branches = new[] { new Branch(input, inputForm) };
    }

    /// <summary>The signatures of the live branches.</summary>
    public BranchSignature[] Signatures => _branches.Select(b => b.Signature).ToArray();

    /// <summary>What the consumers of the current layer's outputs need (set by Serial and Parallel; null: the output's demand).</summary>
    public SpatialForm[]? Demand { get; set; }

    /// <summary>The only live branch (layers that act on one branch).</summary>
    private Branch Single => _branches.Length == 1 ? _branches[0]
        : throw new PlanUnsupportedException($"a layer that takes one input received {_branches.Length} branches");

    /// <summary>The form of the only live branch.</summary>
    public SpatialForm Form => Single.Form;

    /// <summary>The spatial axes of the only live branch.</summary>
    public int[] Dims => SpatialLayout.For(Single.Signature.Shape, Single.Form).Dims;

    /// <summary>Stops planning: <paramref name="layer"/> has no pair-major rule for the reason given.</summary>
    public PlanUnsupportedException Unsupported(LayerBase layer, string reason) => new($"{layer.Name}: {reason}");

    /// <summary>Moves the only branch on through <paramref name="layer"/>'s shape rule.</summary>
    public void Advance(LayerBase layer)
    {
        var branch = Single;
        var output = layer.Infer(new[] { branch.Signature }, forKernel: true)[0];
        Advance(output.Shape, output.IsGaussian);
    }

    /// <summary>Adds a pointwise rule to the only branch, fused into the pass before it.</summary>
    public void Pointwise(PointwiseOp<T> op)
    {
        var nodes = Single.Nodes;
        if (nodes.Count == 0 || nodes[^1] is not SegmentNode<T> segment)
        {
            segment = new SegmentNode<T>(box: null);
            nodes.Add(segment);
        }
        segment.Ops.Add(op);
    }

    /// <summary>The number the next nonlinearity gets (its variance table), for its input as it is now.</summary>
    public int NextDual()
    {
        var branch = Single;
        _duals.Add(new PlanDual(branch.Form, SpatialLayout.For(branch.Signature.Shape, SpatialForm.Diagonal).Size));
        Log($"dual {_duals.Count - 1} on {branch.Form} {branch.Signature.ShapeText}");
        return _duals.Count - 1;
    }

    /// <summary>Starts a new pass with a box filter over the positions.</summary>
    public void Box(string name, BoxGeometry geometry, bool independent, double scale, int[] outDims)
    {
        var branch = Single;
        if (independent && branch.Form != SpatialForm.Full)
            throw new PlanUnsupportedException($"{name}: pooling needs the full covariance, the plan has the {branch.Form} form");
        branch.Nodes.Add(new SegmentNode<T>(new BoxOp<T>(name, geometry, outDims, independent, scale)));
    }

    /// <summary>Adds a form-changing step.</summary>
    public void Reduce(string name, ReduceKind kind, double scale)
    {
        var branch = Single;
        branch.Nodes.Add(new ReduceNode<T>(name, kind, scale));
        Log($"reduce {name} {kind} scale {scale:R}");
        if (kind == ReduceKind.ToDiagonal) branch.Form = SpatialForm.Diagonal;
    }

    /// <summary>Drops branch <paramref name="index"/>'s full covariance to its diagonal when it has one.</summary>
    public void ToDiagonal(int index)
    {
        var branch = _branches[index];
        if (branch.Form != SpatialForm.Full) return;
        branch.Nodes.Add(new ReduceNode<T>("diagonal", ReduceKind.ToDiagonal, 1));
        Log("to diagonal");
        branch.Form = SpatialForm.Diagonal;
    }

    /// <summary>FanOut: the only branch becomes <paramref name="count"/> copies, each with its own steps.</summary>
    public void FanOut(int count)
    {
        var parent = Single;
        _forks.Push(parent);
        Log($"fan out {count}");
        _branches = Enumerable.Range(0, count).Select(_ => new Branch(parent.Signature, parent.Form)).ToArray();
    }

    /// <summary>Runs <paramref name="add"/> with branch <paramref name="index"/> as the only live branch (a Parallel child).</summary>
    public void InBranch(int index, Action add)
    {
        var saved = _branches;
        Log($"branch {index}");
        _branches = new[] { saved[index] };
        int forks = _forks.Count;
        add();
        if (_forks.Count != forks || _branches.Length != 1)
            throw new PlanUnsupportedException("a branch of a Parallel ends with several branches of its own");
        saved[index] = _branches[0];
        _branches = saved;
    }

    /// <summary>FanInSum: the branches of the last FanOut add; <paramref name="layer"/> gives the output signature.</summary>
    public void FanInSum(LayerBase layer)
    {
        CheckFanIn(layer.Name);
        var output = layer.Infer(Signatures, forKernel: true)[0];
        FanInSum(layer.Name, output.Shape, output.IsGaussian);
    }

    /// <summary>FanInSum with its output signature stated (generated plans).</summary>
    public void FanInSum(string layer, int[] outputShape, bool gaussian)
    {
        CheckFanIn(layer);
        var first = _branches[0];
        var parent = _forks.Pop();
        parent.Nodes.Add(new ResidualNode<T>(_branches.Select(b => (IReadOnlyList<PlanNode<T>>)b.Nodes).ToArray()));
        Log($"fan in sum {layer}");
        parent.Signature = new BranchSignature(WithBatch(outputShape, parent.Signature), gaussian);
        parent.Form = first.Form;
        _branches = new[] { parent };
        LogSignature();
    }

    private void CheckFanIn(string layer)
    {
        if (_forks.Count == 0 || _branches.Length < 2)
            throw new PlanUnsupportedException($"{layer}: sums branches that do not come from a FanOut in the same network");
        var first = _branches[0];
        if (_branches.Any(b => b.Form != first.Form || !b.Signature.Shape.AsSpan(1).SequenceEqual(first.Signature.Shape.AsSpan(1))))
            throw new PlanUnsupportedException($"{layer}: its branches reach it in different covariance forms or shapes");
    }

    /// <summary>The finished plan (<paramref name="generated"/>: stated by a generated class).</summary>
    public PairPlan<T> Build(bool generated = false)
    {
        if (_forks.Count != 0 || _branches.Length != 1) throw new PlanUnsupportedException("the network ends with several branches");
        var output = _branches[0];
        if (output.Form != SpatialForm.None)
            throw new PlanUnsupportedException("the output keeps spatial axes (the plan covers networks that end without them)");
        return new PairPlan<T>(output.Nodes, _duals.ToArray(), _inputForm,
            SpatialLayout.For(_input.Shape, SpatialForm.Diagonal).Size, _input.Shape[^1], output.Signature, _log.ToArray()) { Generated = generated };
    }

    /// <summary>One live branch: its steps so far, signature and form.</summary>
    private sealed class Branch
    {
        public Branch(BranchSignature signature, SpatialForm form)
        {
            Signature = signature;
            Form = form;
        }

        public List<PlanNode<T>> Nodes { get; } = new();

        public BranchSignature Signature { get; set; }

        public SpatialForm Form { get; set; }
    }
}
