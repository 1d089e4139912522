using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.MonteCarlo;

/// <summary>
/// The host-evaluated nonlinearities against Monte Carlo, depth 1–3, both parameterizations: ElementwiseNumerical
/// (quadrature dual, φ' by finite differences) with tanh, and Elementwise with a user-written dual of sin
/// (Ṫ by finite differences of it). Both are bounded (r ≤ 2), so they use the default setup.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class HostElementwiseMonteCarloTests(CpuEngineFixture fixture)
{
    public static TheoryData<int, Parameterization> Depths() => StructuralMonteCarloTests.Depths();

    [Theory]
    [MemberData(nameof(Depths))]
    public void ElementwiseNumerical_tanh_matches_monte_carlo(int depth, Parameterization parameterization)
    {
        // tanh has poles at ±iπ/2, so Gauss–Hermite converges slowly at large variances: at q ≤ 3.1 (the largest
        // pre-activation variance here) and ρ = 1, 48 nodes per dimension are off by 2e-4 in T and 4e-3 in Ṫ,
        // comparable to the NTK's standard error; 128 nodes are within 2e-7 and 8e-6 (against 250 nodes), hundreds
        // of times below it.
        Check(() => Stax.ElementwiseNumerical(Math.Tanh, 128), depth, parameterization, "ElementwiseNumerical(tanh)");
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void Elementwise_with_a_user_dual_matches_monte_carlo(int depth, Parameterization parameterization)
    {
        // E[sin u · sin v] = ½(E cos(u − v) − E cos(u + v)) = e^{−(q1 + q2)/2}·sinh c, written out here.
        static double SinDual(double c, double q1, double q2) => Math.Exp(-(q1 + q2) / 2) * Math.Sinh(c);
        Check(() => Stax.Elementwise(Math.Sin, SinDual), depth, parameterization, "Elementwise(sin, user dual)");
    }

    private void Check(Func<ILayer> activation, int depth, Parameterization parameterization, string name)
    {
        var setup = MonteCarloSetup.Default(depth);
        MonteCarloCase.Check(setup.Network(activation, depth, parameterization), MonteCarloCase.Inputs(), null, setup.Samples,
            setup.MaxRelativeError, fixture.Options, $"{name} depth {depth} {parameterization}");
    }
}
