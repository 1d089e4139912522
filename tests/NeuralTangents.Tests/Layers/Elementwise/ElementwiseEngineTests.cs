using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Elementwise;

/// <summary>
/// Nonlinearities inside whole networks on the kernel engine (float64): Dense → φ → Dense with the closed-form
/// layer against the same network with <see cref="Stax.ElementwiseNumerical"/>, and every closed-form layer's
/// device kernel against its own maps evaluated on the host (which also compiles every activation for ILGPU).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ElementwiseEngineTests(CpuEngineFixture fixture)
{
    private const int QuadratureDegree = 120;

    public static TheoryData<string> SmoothCases => ActivationCatalog.Names(ReferenceKind.Smooth);

    public static TheoryData<string> UnitVarianceCases => ActivationCatalog.Names(ReferenceKind.UnitVariance);

    public static TheoryData<string> AllCases => ActivationCatalog.Names(ReferenceKind.Smooth, ReferenceKind.UnitVariance, ReferenceKind.Homogeneous);

    [Theory]
    [MemberData(nameof(SmoothCases))]
    public void Closed_form_network_matches_elementwise_numerical_to_1e6(string name)
    {
        var activation = ActivationCatalog.Get(name);
        var x1 = TestInputs.Normal<double>(5, 4, 1);
        var x2 = TestInputs.Normal<double>(3, 4, 2);
        var closed = Network(activation.Layer(), 0.9, 0.3);
        var numerical = Network(Stax.ElementwiseNumerical(activation.Definition, QuadratureDegree, activation.Function.Derivative), 0.9, 0.3);
        AssertKernelsClose(numerical.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), closed.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), 1e-6, name);
        // x2 = x1: the diagonal entries are pairs with ρ = 1.
        AssertKernelsClose(numerical.KernelFn(x1, null, KernelOutputs.Both, fixture.Options), closed.KernelFn(x1, null, KernelOutputs.Both, fixture.Options), 1e-6, name + " (x2 = x1)");
    }

    [Theory]
    [MemberData(nameof(UnitVarianceCases))]
    public void Hermite_network_on_unit_variance_inputs_matches_elementwise_numerical(string name)
    {
        // Rows scaled to |x|²/d = 1 and Dense(W_std = 1, no bias) give pre-activations of variance exactly 1,
        // which the Hermite closed form assumes.
        var activation = ActivationCatalog.Get(name);
        var x1 = UnitRows(TestInputs.Normal<double>(5, 4, 3));
        var x2 = UnitRows(TestInputs.Normal<double>(3, 4, 4));
        var closed = Network(activation.Layer(), 1, null);
        var numerical = Network(Stax.ElementwiseNumerical(activation.Definition, 40, activation.Function.Derivative), 1, null);
        AssertKernelsClose(numerical.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), closed.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), 1e-6, name);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Device_kernel_equals_the_same_maps_on_the_host(string name)
    {
        var activation = ActivationCatalog.Get(name);
        CheckDeviceAgainstHost(activation.Layer(), activation.Dual, name);
    }

    [Fact]
    public void Exp_normalized_device_kernel_equals_the_same_maps_on_the_host()
    {
        CheckDeviceAgainstHost(Stax.ExpNormalized(0.7, -1, doClip: true), new ExpNormalizedActivation(0.7, -1, true), "ExpNormalized");
        CheckDeviceAgainstHost(Stax.ExpNormalized(), new ExpNormalizedActivation(1, -1, false), "ExpNormalized()");
    }

    [Fact]
    public void Elementwise_numerical_without_derivative_differentiates_fn_numerically()
    {
        var activation = ActivationCatalog.Get("Gelu");
        var x1 = TestInputs.Normal<double>(4, 4, 5);
        var closed = Network(activation.Layer(), 1.1, 0.2);
        var numerical = Network(Stax.ElementwiseNumerical(activation.Definition, QuadratureDegree), 1.1, 0.2);
        AssertKernelsClose(numerical.KernelFn(x1, null, KernelOutputs.Both, fixture.Options), closed.KernelFn(x1, null, KernelOutputs.Both, fixture.Options), 1e-6, "Gelu, numerical φ'");
    }

    [Fact]
    public void Elementwise_without_ntk_map_differentiates_the_nngp_map_numerically()
    {
        // The user passes only Erf's NNGP map; Ṫ comes from finite differences in c, one-sided on the diagonal
        // (ρ = 1) where a central stencil would leave |c| ≤ √(q1 q2).
        var erf = new ErfActivation(1.3, 0.8, 0.2);
        var user = Stax.Elementwise(erf.Apply, erf.Nngp);
        var x1 = TestInputs.Normal<double>(5, 4, 6);
        var x2 = TestInputs.Normal<double>(3, 4, 7);
        var closed = Network(Stax.Erf(1.3, 0.8, 0.2), 1.2, 0.1);
        var numerical = Network(user, 1.2, 0.1);
        AssertKernelsClose(numerical.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), closed.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), 1e-9, "Erf map, x2");
        AssertKernelsClose(numerical.KernelFn(x1, null, KernelOutputs.Both, fixture.Options), closed.KernelFn(x1, null, KernelOutputs.Both, fixture.Options), 1e-9, "Erf map, x2 = x1");
    }

    [Fact]
    public void Exp_normalized_matches_elementwise_with_its_nngp_map_differentiated_numerically()
    {
        // As in Neural Tangents' own test: the kernel-only layer against Elementwise(nngp) with Ṫ derived from it.
        const double Gamma = 0.8, Shift = -1;
        static double Map(double c, double q1, double q2)
        {
            double norm = Math.Sqrt(q1 * q2);
            return norm * Math.Exp(Gamma * (c / norm + Shift));
        }
        var x1 = TestInputs.Normal<double>(6, 3, 8);
        var x2 = TestInputs.Normal<double>(4, 3, 9);
        var closed = Network(Stax.ExpNormalized(Gamma, Shift), 1.0, 0.5);
        var user = Network(Stax.Elementwise(null, Map), 1.0, 0.5);
        AssertKernelsClose(user.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), closed.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), 1e-6, "ExpNormalized");
        AssertKernelsClose(user.KernelFn(x1, null, KernelOutputs.Both, fixture.Options), closed.KernelFn(x1, null, KernelOutputs.Both, fixture.Options), 1e-6, "ExpNormalized, x2 = x1");
    }

    [Fact]
    public void Host_layer_works_with_float32_storage()
    {
        var x1 = TestInputs.Normal<double>(4, 5, 10);
        var x1Float = TestInputs.Normal<float>(4, 5, 10);
        var network = Network(Stax.ElementwiseNumerical(Math.Tanh, 30, t => 1 - Math.Tanh(t) * Math.Tanh(t)), 1.3, 0.2);
        var exact = network.KernelFn(x1, null, KernelOutputs.Both, fixture.Options);
        var single = network.KernelFn(x1Float, null, KernelOutputs.Both, fixture.Options);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(exact.Nngp![i, j], single.Nngp![i, j], 1e-5 * Math.Max(1, Math.Abs(exact.Nngp[i, j])));
                Assert.Equal(exact.Ntk![i, j], single.Ntk![i, j], 1e-5 * Math.Max(1, Math.Abs(exact.Ntk[i, j])));
            }
    }

    [Fact]
    public void Host_layer_needs_a_gaussian_input()
    {
        var x = TestInputs.Normal<double>(3, 4, 11);
        var error = Assert.Throws<NetworkDefinitionException>(() =>
            Stax.Serial(Stax.ElementwiseNumerical(Math.Tanh, 10), Stax.Dense(8)).KernelFn(x, null, KernelOutputs.Both, fixture.Options));
        Assert.Equal("NT0001", error.RuleId);
        Assert.Throws<NetworkDefinitionException>(() =>
            Stax.Serial(Stax.Dense(8), Stax.Elementwise(Math.Tanh, (c, q1, q2) => c), Stax.Elementwise(Math.Tanh, (c, q1, q2) => c)).KernelFn(x, null, KernelOutputs.Both, fixture.Options));
    }

    private void CheckDeviceAgainstHost(ILayer layer, IDualActivation dual, string name)
    {
        var x1 = TestInputs.Normal<double>(4, 3, 12);
        var x2 = TestInputs.Normal<double>(3, 3, 13);
        var device = Network(layer, 1.0, 0.4);
        var host = Network(Stax.Elementwise(null, dual.Nngp, dual.NtkFactor), 1.0, 0.4);
        AssertKernelsClose(host.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), device.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), 1e-12, name);
        AssertKernelsClose(host.KernelFn(x1, null, KernelOutputs.Both, fixture.Options), device.KernelFn(x1, null, KernelOutputs.Both, fixture.Options), 1e-12, name + " (x2 = x1)");
    }

    private static ILayer Network(ILayer activation, double wStd, double? bStd) =>
        Stax.Serial(Stax.Dense(64, wStd, bStd), activation, Stax.Dense(16, 0.9, 0.1));

    private static Tensor<double> UnitRows(Tensor<double> x)
    {
        int rows = x.Dim(0), d = x.Dim(1);
        var data = (double[])x.Data.Clone();
        for (int i = 0; i < rows; i++)
        {
            double norm = Math.Sqrt(data.AsSpan(i * d, d).ToArray().Sum(v => v * v) / d);
            for (int k = 0; k < d; k++) data[i * d + k] /= norm;
        }
        return Tensor.FromArray(data, rows, d);
    }

    /// <summary>Every entry within relative·|expected| plus relative·1e-3 of the largest entry (for entries near 0).</summary>
    private static void AssertKernelsClose(Kernel<double> expected, Kernel<double> actual, double relative, string what)
    {
        Compare(expected.Nngp!, actual.Nngp!, relative, what + " nngp");
        Compare(expected.Ntk!, actual.Ntk!, relative, what + " ntk");
        Compare(expected.Cov1, actual.Cov1, relative, what + " cov1");
    }

    private static void Compare(Tensor<double> expected, Tensor<double> actual, double relative, string what)
    {
        double largest = expected.Data.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected.Data[i], a = actual.Data[i];
            double tolerance = relative * (Math.Abs(e) + 1e-3 * largest);
            Assert.True(double.IsFinite(a) && Math.Abs(a - e) <= tolerance,
                $"{what}[{i}]: expected {e:R}, got {a:R} (difference {Math.Abs(a - e):E3}, tolerance {tolerance:E3}).");
        }
    }
}
