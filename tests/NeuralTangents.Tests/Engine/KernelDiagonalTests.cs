using NeuralTangents;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine;

/// <summary>
/// An item's covariance with itself must stay its variance through every layer. Duals with an infinite slope at
/// ρ = 1 (Sign, the step function) once amplified rounding drift between the two: the NNGP diagonal of three
/// Sign layers ended 1% below the variance (the Monte Carlo tests caught it in the NTK diagonal).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class KernelDiagonalTests(CpuEngineFixture fixture)
{
    public static TheoryData<string> Networks => new() { "Sign", "RectifiedMonomial(0)", "Relu", "Erf-Sign" };

    private static ILayer Build(string name)
    {
        Func<ILayer> activation = name switch
        {
            "Sign" => () => Stax.Sign(),
            "RectifiedMonomial(0)" => () => Stax.RectifiedMonomial(0),
            "Relu" => () => Stax.Relu(),
            _ => () => Stax.Serial(Stax.Erf(), Stax.Dense(16, 1.1, 0.3), Stax.Sign()),
        };
        var layers = new List<ILayer>();
        for (int i = 0; i < 4; i++)
        {
            layers.Add(Stax.Dense(16, 1.3, 0.2));
            layers.Add(activation());
        }
        layers.Add(Stax.Dense(4, 1.3, 0.2));
        return Stax.Serial(layers.ToArray());
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Nngp_diagonal_equals_the_variance_through_deep_kinked_networks(string name)
    {
        // 40 features: the input Gram's GEMM and the variances' dot products sum in different orders.
        var x = TestInputs.Normal<double>(6, 40, 5);
        var kernel = Build(name).KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        for (int i = 0; i < 6; i++)
            Assert.True(Math.Abs(kernel.Nngp![i, i] - kernel.Cov1[i]) <= 1e-14 * kernel.Cov1[i],
                $"{name}: Nngp[{i},{i}] = {kernel.Nngp[i, i]:R} but the variance is {kernel.Cov1[i]:R}.");
    }

    [Fact]
    public void Sign_network_ntk_diagonal_is_exactly_the_readout_scale()
    {
        // φ' = 0, so only the readout contributes: Θ[i,i] = W_std²·E[sign²] + b_std² = 1.69 + 0.04.
        var x = TestInputs.Normal<double>(4, 40, 6);
        var kernel = Build("Sign").KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        for (int i = 0; i < 4; i++) Assert.Equal(1.73, kernel.Ntk![i, i], 14);
    }

    [Fact]
    public void Angle_is_zero_within_rounding_of_perfect_correlation_and_exact_beyond()
    {
        double q = 1.7;
        double justBelow = q * (1 - 8.9e-16); // four ulps below q
        Assert.Equal(0.0, DualMath.Angle(justBelow, q, q));
        Assert.Equal(Math.PI, DualMath.Angle(-justBelow, q, q));
        // ρ = 1 − 1e-10 is a genuine angle, θ ≈ √(2·1e-10) (to the 1e-6 that rounding of c leaves of 1 − ρ).
        double c = q * (1 - 1e-10);
        Assert.InRange(DualMath.Angle(c, q, q) / Math.Sqrt(2e-10), 1 - 1e-5, 1 + 1e-5);
    }
}
