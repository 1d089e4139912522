namespace NeuralTangents.Engine.Plan;

/// <summary>A nonlinearity's rule in a plan, whatever its activation: it reads variance table <see cref="Index"/>.</summary>
internal abstract class DualOpBase<T> : PointwiseOp<T> where T : unmanaged
{
    protected DualOpBase(int index) => Index = index;

    /// <summary>This nonlinearity's number in its plan (its variance table).</summary>
    public int Index { get; }

    /// <summary>The activation when it is of the arc-cosine family (ABRelu, Relu, LeakyRelu, Abs), whose dual has a fused float32 form; else null.</summary>
    public virtual Layers.Elementwise.Activations.ABReluActivation? ArcCosine => null;

    /// <summary>Calls <paramref name="visitor"/> with this nonlinearity's activation as a type argument (the device passes are generic over it).</summary>
    public abstract void Accept(IDualVisitor visitor);

    /// <summary>T_d(q): the variance after the nonlinearity of a variance <paramref name="q"/> (an item against itself at one position).</summary>
    public abstract double Variance(double q);
}

/// <summary>Receives a plan nonlinearity's activation with its type (see <see cref="DualOpBase{T}.Accept"/>).</summary>
internal interface IDualVisitor
{
    /// <summary>Called with the activation.</summary>
    void Visit<TAct>(TAct activation) where TAct : struct, DeviceKernels.IDualActivation;
}
