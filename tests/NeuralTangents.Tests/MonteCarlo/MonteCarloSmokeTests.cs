using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.MonteCarlo;

[Collection(EngineCollection.Name)]
public sealed class MonteCarloSmokeTests(CpuEngineFixture fixture)
{
    [Fact]
    public void Relu_fcn_kernels_match_monte_carlo_within_4_sigma()
    {
        var x = TestInputs.Normal<double>(4, 6, 3);
        var network = Stax.Serial(Stax.Dense(1024, 1.3, 0.2), Stax.Relu(), Stax.Dense(1024, 1.3, 0.2), Stax.Relu(), Stax.Dense(64, 1.3, 0.2));
        var exact = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var mc = NeuralTangents.MonteCarlo.KernelFn(network, new PrngKey(11), 256).Compute(x);
        Console.WriteLine($"mc: {sw.ElapsedMilliseconds} ms");
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                Console.WriteLine($"{i},{j}: nngp {exact.Nngp![i, j]:F5} mc {mc.Nngp![i, j]:F5}±{mc.NngpStandardError![i, j]:F5}  ntk {exact.Ntk![i, j]:F5} mc {mc.Ntk![i, j]:F5}±{mc.NtkStandardError![i, j]:F5}");
                Assert.InRange(exact.Nngp[i, j] - mc.Nngp[i, j], -4 * mc.NngpStandardError[i, j] - 1e-9, 4 * mc.NngpStandardError[i, j] + 1e-9);
                Assert.InRange(exact.Ntk![i, j] - mc.Ntk![i, j], -4 * mc.NtkStandardError![i, j] - 1e-9, 4 * mc.NtkStandardError[i, j] + 1e-9);
            }
    }
}
