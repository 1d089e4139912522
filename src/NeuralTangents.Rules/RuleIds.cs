namespace NeuralTangents.Rules;

/// <summary>
/// The catalog of rule ids. They are shared by the runtime's exceptions and the analyzers' diagnostics;
/// an id is never reused for another meaning.
/// </summary>
internal static class RuleIds
{
    /// <summary>A closed-form nonlinearity receives an input that is not a Gaussian pre-activation.</summary>
    public const string NonGaussianInput = "NT0001";

    /// <summary>A layer receives an input of the wrong rank or size.</summary>
    public const string ShapeMismatch = "NT0002";

    /// <summary>A layer receives the wrong number of branches (a fan-in without a fan-out, a parallel of the wrong width).</summary>
    public const string BranchCountMismatch = "NT0003";

    /// <summary>A hyperparameter is out of its domain (non-positive W_std, NaN, a rate outside (0, 1) …).</summary>
    public const string InvalidHyperparameter = "NT0004";

    /// <summary>Branches joined by a fan-in have incompatible shapes.</summary>
    public const string BranchShapeMismatch = "NT0005";

    /// <summary>A combination that has no infinite-width limit (e.g. a sum of non-Gaussian branches).</summary>
    public const string NoInfiniteWidthLimit = "NT0006";

    /// <summary>A layer or layout the kernel engine does not support for this input.</summary>
    public const string UnsupportedLayout = "NT0007";

    /// <summary>A standard-parameterization layer's input width scaling differs from the output scaling of the layer before it.</summary>
    public const string WidthScalingMismatch = "NT0008";

    /// <summary>A network's output keeps spatial axes, so its kernel does too (N1 × N2 × positions²): usually a Flatten or global pool is missing.</summary>
    public const string SpatialKernelOutput = "NT0009";

    /// <summary>A window slid with VALID padding whose strides do not divide (input − window): the last rows or columns are never read.</summary>
    public const string DroppedBorder = "NT0010";

    /// <summary>A layer forces the full pixel-pair covariance, whose memory grows with the square of the positions.</summary>
    public const string FullCovarianceMemory = "NT0011";

    /// <summary>Dropout in train mode inside a network whose kernel is computed: the kernel is that of a stochastic network.</summary>
    public const string TrainModeDropoutKernel = "NT0012";
}
