namespace NeuralTangents;

/// <summary>
/// Marks a <c>partial</c> class as a network model for the source generator, which adds the members
/// <c>Network</c> (the equivalent <see cref="ILayer"/>), <c>Init</c>, <c>Apply</c>, <c>KernelFn</c> (fused,
/// specialized kernels) and <c>Info</c>. Declare the layers either as <see cref="LayerAttribute"/>s on the class,
/// top to bottom, or as a static property <c>Architecture</c> returning a <see cref="Stax"/> expression with
/// constant arguments, <see cref="BlockAttribute"/> methods and <see cref="Stax.Repeat"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The shape of one input item, without the batch axis, e.g. <c>new[] { 784 }</c> or <c>new[] { 28, 28, 1 }</c>. Required.</summary>
    public int[]? InputShape { get; set; }

    /// <summary>The precision of the generated members (<see cref="Precision.Float32"/> by default).</summary>
    public Precision Precision { get; set; } = Precision.Float32;

    /// <summary>
    /// The number of items the kernel is computed for (N of an N × N kernel, or of a row block), used only by the
    /// compile-time memory warning NT0011: an N × N kernel with more entries than one array holds (N above 46 340)
    /// cannot be computed at once. 1000 by default. (NT0011 also reports, whatever N, a full pixel-pair covariance of
    /// which one pair of items exceeds the engine's largest default tile.)
    /// </summary>
    public int KernelBatchSize { get; set; } = DefaultKernelBatchSize;

    /// <summary>The default of <see cref="KernelBatchSize"/>: a 1000 × 1000 kernel.</summary>
    public const int DefaultKernelBatchSize = 1000;
}
