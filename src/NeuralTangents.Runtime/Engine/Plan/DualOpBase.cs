namespace NeuralTangents.Engine.Plan;

/// <summary>A nonlinearity's rule in a plan, whatever its activation: it reads variance table <see cref="Index"/>.</summary>
internal abstract class DualOpBase<T> : PointwiseOp<T> where T : unmanaged
{
    protected DualOpBase(int index) => Index = index;

    /// <summary>This nonlinearity's number in its plan (its variance table).</summary>
    public int Index { get; }

    /// <summary>The activation when it is of the arc-cosine family (ABRelu, Relu, LeakyRelu, Abs), whose dual has a fused float32 form; else null.</summary>
    public virtual Layers.Elementwise.Activations.ABReluActivation? ArcCosine => null;
}
