using NeuralTangents.Finite;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise;

/// <summary>
/// Forward mode: φ runs on each element's Taylor series (<see cref="Engine.DeviceKernels.IActivationFunction.Taylor"/>);
/// coefficient 0 is taken from <see cref="Forward{T}"/> so that it equals the plain apply exactly.
/// </summary>
internal sealed partial class ElementwiseLayer<TAct>
{
    private const int ElementsPerTask = 4096;

    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var input = x[0];
        var primal = Forward(parameters, new[] { input.Primal }, out _)[0];
        if (JetMath.IsConstant(input)) return new[] { Jet<T>.Constant(primal, input.Degree) };
        if (input.Degree > TaylorSeries.MaxOrder)
            throw new ArgumentOutOfRangeException(nameof(x), input.Degree, $"{Name}: Taylor series of order above {TaylorSeries.MaxOrder} are not supported.");

        int order = input.Degree + 1, length = primal.Length;
        var sources = input.Coefficients.Select(c => c?.Data).ToArray();
        var outputs = new Tensor<T>?[order];
        outputs[0] = primal;
        for (int k = 1; k < order; k++) outputs[k] = Tensor<T>.Zeros(primal.Shape);
        var targets = outputs.Select(c => c!.Data).ToArray();
        var activation = Activation;
        System.Threading.Tasks.Parallel.For(0, (length + ElementsPerTask - 1) / ElementsPerTask, chunk =>
        {
            Span<double> series = stackalloc double[order];
            Span<double> image = stackalloc double[order];
            int end = Math.Min(length, (chunk + 1) * ElementsPerTask);
            for (int e = chunk * ElementsPerTask; e < end; e++)
            {
                for (int k = 0; k < order; k++) series[k] = sources[k] is { } data ? double.CreateTruncating(data[e]) : 0;
                activation.Taylor(series, image);
                for (int k = 1; k < order; k++) targets[k][e] = T.CreateTruncating(image[k]);
            }
        });
        return new[] { new Jet<T>(outputs) };
    }
}
