using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.MonteCarlo;

/// <summary>
/// The combinators, branching and linear layers (Serial, Parallel, FanOut, FanInSum, FanInProd, FanInConcat,
/// Identity, Flatten, Dense with and without bias) in both parameterizations: the analytic NNGP and NTK
/// against Monte Carlo estimates of the same finite networks, within 4 standard errors. Depth d repeats the
/// block under test d times. Widths and samples follow <see cref="MonteCarloSetup"/>'s reasoning with
/// ReLU/erf-type features: r = 5 per feature, about 14 for the erf·ReLU products of FanInProd. The blocks
/// keep one width (128) throughout, since a residual sum needs equal widths and every block's width sets
/// the bias of the next.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class StructuralMonteCarloTests(CpuEngineFixture fixture)
{
    public static TheoryData<int, Parameterization> Depths()
    {
        var data = new TheoryData<int, Parameterization>();
        foreach (int depth in new[] { 1, 2, 3 })
            foreach (var parameterization in new[] { Parameterization.Ntk, Parameterization.Standard })
                data.Add(depth, parameterization);
        return data;
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void Residual_blocks_FanOut_Parallel_Identity_FanInSum_match_monte_carlo(int depth, Parameterization parameterization)
    {
        // z ↦ z + Dense(Relu(z)): both branches are Gaussian pre-activations, as FanInSum's kernel requires.
        var setup = Blocks(depth, tail: 5);
        ILayer Block() => Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Identity(), Stax.Serial(Stax.Relu(), Dense(setup, setup.Wide, parameterization))), Stax.FanInSum());
        var layers = new List<ILayer> { Dense(setup, setup.Wide, parameterization) };
        for (int i = 0; i < depth; i++) layers.Add(Block());
        layers.Add(Stax.Relu());
        layers.Add(Dense(setup, setup.Outputs, parameterization));
        Check(Stax.Serial(layers.ToArray()), setup, $"residual depth {depth} {parameterization}");
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void Product_of_independent_branches_FanInProd_matches_monte_carlo(int depth, Parameterization parameterization)
    {
        var setup = Blocks(depth, tail: 14);
        ILayer Block() => Stax.Serial(Stax.FanOut(2),
            Stax.Parallel(Stax.Serial(Dense(setup, setup.Wide, parameterization), Stax.Erf()), Stax.Serial(Dense(setup, setup.Wide, parameterization), Stax.Relu())),
            Stax.FanInProd());
        Check(Stax.Serial(Blocks(setup, Block, depth, parameterization)), setup, $"product depth {depth} {parameterization}");
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void Concatenation_of_unequal_widths_FanInConcat_matches_monte_carlo(int depth, Parameterization parameterization)
    {
        // Unequal branch widths (3/8 and 5/8 of the channels) test the channel-share weighting of the kernels.
        var setup = Blocks(depth, tail: 5);
        ILayer Block() => Stax.Serial(Stax.FanOut(2),
            Stax.Parallel(Stax.Serial(Dense(setup, setup.Wide * 3 / 8, parameterization), Stax.Relu()), Stax.Serial(Dense(setup, setup.Wide * 5 / 8, parameterization), Stax.Erf())),
            Stax.FanInConcat());
        Check(Stax.Serial(Blocks(setup, Block, depth, parameterization)), setup, $"concat depth {depth} {parameterization}");
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void Flatten_of_a_rank_3_input_against_a_second_batch_matches_monte_carlo(int depth, Parameterization parameterization)
    {
        // x1 is 3 × 2 × 3 and x2 is 2 × 2 × 3 (a separate batch): Flatten makes 6 features, and the kernels are 3 × 2.
        var x1 = MonteCarloCase.Inputs(rows: 3, features: 6, seed: 11).Reshape(3, 2, 3);
        var x2 = MonteCarloCase.Inputs(rows: 2, features: 6, seed: 12).Reshape(2, 2, 3);
        var setup = MonteCarloSetup.Default(depth);
        var network = Stax.Serial(Stax.Flatten(), setup.Network(() => Stax.Relu(), depth, parameterization));
        Check(network, setup, $"flatten depth {depth} {parameterization}", x1, x2);
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void Dense_without_bias_matches_monte_carlo(int depth, Parameterization parameterization)
    {
        var setup = MonteCarloSetup.Default(depth) with { BStd = null };
        Check(setup.Network(() => Stax.Gelu(), depth, parameterization), setup, $"no-bias depth {depth} {parameterization}");
    }

    /// <summary>Width 128 in every block; noise 2/K + depth·r/128 per network.</summary>
    private static MonteCarloSetup Blocks(int depth, double tail) => new MonteCarloSetup { Wide = 128, Top = 128 }.WithSamples(depth, tail, tail);

    private static ILayer Dense(MonteCarloSetup setup, int width, Parameterization parameterization) =>
        Stax.Dense(width, setup.WStd, setup.BStd, parameterization);

    private static ILayer[] Blocks(MonteCarloSetup setup, Func<ILayer> block, int depth, Parameterization parameterization)
    {
        var layers = new List<ILayer>();
        for (int i = 0; i < depth; i++) layers.Add(block());
        layers.Add(Dense(setup, setup.Outputs, parameterization));
        return layers.ToArray();
    }

    private void Check(ILayer network, MonteCarloSetup setup, string label, Tensor<double>? x1 = null, Tensor<double>? x2 = null) =>
        MonteCarloCase.Check(network, x1 ?? MonteCarloCase.Inputs(), x2, setup.Samples, setup.MaxRelativeError, fixture.Options, label);
}
