using System.Numerics;
using NeuralTangents.Finite;
using NeuralTangents.Layers;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>One affine layer seen during a backward pass: its input x, output cotangents δ and scales.</summary>
internal sealed record AffineRecord<T>(Tensor<T> Input, Tensor<T> Cotangent, double WeightScale, double? BiasScale)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public AffineGeometry Geometry => AffineGeometry.Of(Input, Cotangent);

    /// <summary>s_w², the weight scale's share of every input inner product.</summary>
    public double WeightVariance => WeightScale * WeightScale;

    /// <summary>s_b², or 0 for a layer without bias.</summary>
    public double BiasVariance => BiasScale is double s ? s * s : 0;
}

/// <summary>Keeps every affine layer's (x, δ) in visiting order: the factors of the structured NTK.</summary>
internal sealed class AffineRecordSink<T> : IAffineSink<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public List<AffineRecord<T>> Records { get; } = new();

    public void OnAffine(LayerBase layer, Parameters<T> parameters, Tensor<T> input, Tensor<T> cotangent, double weightScale, double? biasScale) =>
        Records.Add(new AffineRecord<T>(input, cotangent, weightScale, biasScale));
}
