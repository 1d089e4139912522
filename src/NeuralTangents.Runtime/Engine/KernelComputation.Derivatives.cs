using System.Numerics;
using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>The inputs of a kernel-derivative computation, checked and planned as a kernel's are.</summary>
internal static partial class KernelComputation
{
    /// <summary>
    /// Validates x1 and x2 as <see cref="Run{T}(LayerBase, Tensor{T}, Tensor{T}?, KernelOutputs, KernelOptions)"/> does and
    /// returns the plan's input shape (batch axis −1) and the form the input covariance starts in (none for inputs
    /// without spatial axes and for Flatten-first networks).
    /// </summary>
    /// <exception cref="NotSupportedException">The output keeps spatial axes.</exception>
    internal static (int[] InputShape, SpatialForm Form) DerivativeInputs<T>(LayerBase network, Tensor<T> x1, Tensor<T>? x2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, _, inputShape) = ValidateInputs(network, x1, x2);
        var output = network.Infer(new[] { new BranchSignature(inputShape, isGaussian: false) }, forKernel: true);
        if (output.Length != 1 || output[0].Shape.Length > 2)
            throw new NotSupportedException(
                $"Kernel derivatives cover networks whose output has no spatial axes (end with Flatten or a global pooling layer); {network.Name} ends with shape {Shapes.Format(output[0].Shape)}.");
        if (inputShape.Length <= 2) return (inputShape, SpatialForm.None);
        return (inputShape, DemandFor(network, inputShape, SpatialForm.None)!.InputForm);
    }
}
