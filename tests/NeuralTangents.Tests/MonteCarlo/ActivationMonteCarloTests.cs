using NeuralTangents;
using NeuralTangents.Tests.Layers.Elementwise;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.MonteCarlo;

/// <summary>
/// Every closed-form nonlinearity of <see cref="ActivationCatalog"/> in fully-connected networks of depth 1–3,
/// NTK and standard parameterization: the analytic NNGP and NTK against Monte Carlo estimates of the same
/// finite networks, within 4 standard errors (float64). Setups come from <see cref="ActivationSetups"/>.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ActivationMonteCarloTests(CpuEngineFixture fixture)
{
    public static TheoryData<string, int, Parameterization> Cases()
    {
        var data = new TheoryData<string, int, Parameterization>();
        foreach (var activation in ActivationCatalog.All.Values)
            foreach (int depth in new[] { 1, 2, 3 })
                if (ActivationSetups.Covers(activation, depth))
                    foreach (var parameterization in new[] { Parameterization.Ntk, Parameterization.Standard })
                        data.Add(activation.Name, depth, parameterization);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Kernels_match_monte_carlo_within_4_sigma(string name, int depth, Parameterization parameterization)
    {
        var activation = ActivationCatalog.Get(name);
        var setup = ActivationSetups.For(activation, depth);
        var network = setup.Network(activation.Layer, depth, parameterization);
        MonteCarloCase.Check(network, MonteCarloCase.Inputs(setup.UnitInputs), null, setup.Samples, setup.MaxRelativeError, fixture.Options,
            $"{name} depth {depth} {parameterization} ({setup.Samples} samples, widths {setup.Wide}/{setup.Top}/{setup.Outputs})");
    }

    [Fact]
    public void Only_the_heaviest_tailed_activations_are_limited_in_depth_or_left_out()
    {
        var depthTwo = ActivationCatalog.All.Values.Where(a => ActivationSetups.Classify(a) == TailClass.Heavy).Select(a => a.Name).Order();
        Assert.Equal(new[] { "Hermite(2)", "Monomial(2)", "RectifiedMonomial(2)" }, depthTwo);

        // These limits follow from the tail ratios computed by ActivationSetups (r = 45 to 367 for the depth-1-only
        // ones; 638 to 1.5e6 for the others, which would need 4·10⁵ to 10⁹ samples × units for a 4% standard error).
        // Their closed forms are checked against quadrature and the polar integral in ClosedFormDualTests, and the
        // same code at lower degrees against Monte Carlo at every depth.
        var limited = ActivationCatalog.All.Values.Where(a => ActivationSetups.Classify(a) == TailClass.DepthOneOnly).Select(a => a.Name).Order();
        var excluded = ActivationCatalog.All.Values.Where(a => ActivationSetups.Classify(a) == TailClass.Unresolvable).Select(a => a.Name).Order();
        Assert.Equal(new[] { "Hermite(3)", "Monomial(3)", "Monomial(4)", "RectifiedMonomial(3)", "RectifiedMonomial(4)" }, limited);
        Assert.Equal(new[] { "Hermite(4)", "Hermite(7)", "Monomial(5)", "RectifiedMonomial(10)", "RectifiedMonomial(5)", "RectifiedMonomial(6)" }, excluded);
    }

    [Fact]
    public void Kernel_only_ExpNormalized_has_no_monte_carlo_estimate()
    {
        // ExpNormalized defines its kernel directly and has no finite function (as in Neural Tangents), so there is
        // no finite network to sample: the estimator must say so rather than return numbers.
        var network = Stax.Serial(Stax.Dense(8), Stax.ExpNormalized(), Stax.Dense(2));
        var error = Assert.Throws<NotSupportedException>(() => NeuralTangents.MonteCarlo.KernelFn(network, MonteCarloCase.Key, 2).Compute(MonteCarloCase.Inputs()));
        Assert.Contains("ExpNormalized", error.Message);
        Assert.Contains("kernel-only", error.Message);
    }
}
