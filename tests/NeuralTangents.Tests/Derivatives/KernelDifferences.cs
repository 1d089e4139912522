using NeuralTangents.Tests.Layers.Elementwise.Derivatives;

namespace NeuralTangents.Tests.Derivatives;

/// <summary>
/// Checks kernel derivatives against float64 central differences of <see cref="ILayer.KernelFn{T}"/> on networks rebuilt
/// with θ ± h (<see cref="HyperparameterVariants"/>), with one Richardson step (<see cref="CentralDifference"/>): h = 1e-3
/// of |θ| (at least 1e-4) leaves truncation errors near (1e-3)⁴ and rounding errors near 1e-13 of the kernel's scale.
/// An entry agrees when it is within 1e-6 of the difference plus 1e-9 of the largest kernel entry (derivatives that
/// vanish, or nearly, cannot be compared relatively).
/// </summary>
internal static class KernelDifferences
{
    public const double Relative = 1e-6;
    public const double Absolute = 1e-9;

    /// <summary>Every derivative of <paramref name="result"/> against central differences; the failures, in words.</summary>
    public static List<string> Compare(ILayer network, Tensor<double> x1, Tensor<double>? x2, KernelWithDerivatives<double> result)
    {
        var failures = new List<string>();
        for (int m = 0; m < result.Hyperparameters.Count; m++)
        {
            var hyperparameter = result.Hyperparameters[m];
            double theta = HyperparameterVariants.ValueOf(network, hyperparameter);
            double h = CentralDifference.Step(theta);
            var kernels = new Dictionary<double, Kernel<double>>();
            Kernel<double> At(double value)
            {
                if (!kernels.TryGetValue(value, out var kernel))
                    kernels[value] = kernel = HyperparameterVariants.With(network, hyperparameter, value).KernelFn(x1, x2, KernelOutputs.Both);
                return kernel;
            }
            bool even = hyperparameter.Name is "wStd" or "bStd";
            if (result.NngpDerivatives is { } nngp)
                Entries(failures, $"∂NNGP/∂{hyperparameter}", nngp[m], result.Kernel.Nngp!, v => At(v).Nngp!, theta, h, even);
            if (result.NtkDerivatives is { } ntk)
                Entries(failures, $"∂NTK/∂{hyperparameter}", ntk[m], result.Kernel.Ntk!, v => At(v).Ntk!, theta, h, even);
        }
        return failures;
    }

    private static void Entries(List<string> failures, string what, Tensor<double> exact, Tensor<double> kernel, Func<double, Tensor<double>> at, double theta, double h,
        bool even)
    {
        double scale = kernel.Data.Max(Math.Abs);
        for (int e = 0; e < exact.Length; e++)
        {
            int entry = e;
            // σ = 0 cannot be stepped below (the factories reject negative σ), but the kernel depends on σ² only: the
            // derivative there is 0.
            double expected = even && theta == 0 ? 0 : CentralDifference.Derivative(v => at(v).Data[entry], theta, h);
            double tolerance = Relative * Math.Abs(expected) + Absolute * scale;
            if (!(Math.Abs(exact.Data[e] - expected) <= tolerance))
                failures.Add($"{what} entry {e}: exact {exact.Data[e]:G12}, central difference {expected:G12} (difference {exact.Data[e] - expected:G3}, tolerance {tolerance:G3})");
        }
    }
}
