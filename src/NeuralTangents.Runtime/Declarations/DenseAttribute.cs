namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a fully-connected layer, the same
/// layer as <see cref="Stax.Dense"/>, e.g. <c>[Dense(512, WStd = 1.5, BStd = 0.05)]</c>.
/// </summary>
public sealed class DenseAttribute : LayerAttribute
{
    /// <summary>Declares a fully-connected layer of <paramref name="outDim"/> channels.</summary>
    /// <param name="outDim">Output channels.</param>
    public DenseAttribute(int outDim) => OutDim = outDim;

    /// <summary>Output channels.</summary>
    public int OutDim { get; }

    /// <summary>Weight standard deviation σ_w (positive); 1 by default.</summary>
    public double WStd { get; set; } = 1.0;

    /// <summary>
    /// Bias standard deviation σ_b. Attributes cannot hold a nullable value, so NaN (the default) stands for
    /// Neural Tangents' <c>b_std=None</c>: no bias.
    /// </summary>
    public double BStd { get; set; } = double.NaN;

    /// <summary>NTK (default) or standard parameterization.</summary>
    public Parameterization Parameterization { get; set; } = Parameterization.Ntk;

    /// <summary>s0 of the standard parameterization.</summary>
    public int WidthScaleIn { get; set; } = 1;

    /// <summary>s1 of the standard parameterization.</summary>
    public int WidthScaleOut { get; set; } = 1;
}
