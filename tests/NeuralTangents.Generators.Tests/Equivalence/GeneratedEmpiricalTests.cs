namespace NeuralTangents.Generators.Tests.Equivalence;

/// <summary>
/// The empirical kernels of a generated model's <c>Network</c> at parameters from its generated <c>Init</c>: the
/// three NTK implementations agree, equal those of the hand-written network, and the untraced NNGP is the outer
/// product of the generated <c>Apply</c>'s outputs.
/// </summary>
public sealed class GeneratedEmpiricalTests
{
    [Theory]
    [MemberData(nameof(SampleModels.Float64Names), MemberType = typeof(SampleModels))]
    public void Generated_network_empirical_kernels_match_the_hand_written_network(string name)
    {
        var model = SampleModels.Float64(name);
        var parameters = model.Init(new PrngKey(31));
        var x1 = Inputs(model.InputShape, 3, 0.41);
        var x2 = Inputs(model.InputShape, 2, 0.83);

        var reference = Empirical.NtkFn(model.Reference, Array.Empty<int>()).Compute(x1, x2, parameters);
        double scale = reference.Data.Max(Math.Abs);
        Assert.True(scale > 1e-3, "the reference kernel should not be trivially zero");
        foreach (var implementation in Enum.GetValues<NtkImplementation>())
        {
            var ntk = Empirical.NtkFn(model.Network, Array.Empty<int>(), null, implementation).Compute(x1, x2, parameters);
            Assert.Equal(reference.Shape, ntk.Shape);
            for (int e = 0; e < reference.Length; e++)
                Assert.True(Math.Abs(ntk.Data[e] - reference.Data[e]) <= 1e-10 * scale,
                    $"{name}, {implementation}: entry {e} is {ntk.Data[e]:R}, the hand-written network gives {reference.Data[e]:R}");
        }

        var nngp = Empirical.NngpFn(model.Network, Array.Empty<int>()).Compute(x1, x2, parameters);
        var f1 = model.Apply(parameters, x1);
        var f2 = model.Apply(parameters, x2);
        int k = f1.Dim(1);
        Assert.Equal(new[] { 3, 2, k, k }, nngp.Shape);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 2; j++)
                for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++) Assert.Equal(f1[i, a] * f2[j, b], nngp[i, j, a, b], 12);
    }

    /// <summary>Deterministic inputs of shape (rows, inputShape…): sin of a scaled running index.</summary>
    private static Tensor<double> Inputs(int[] inputShape, int rows, double frequency)
    {
        var shape = new[] { rows }.Concat(inputShape).ToArray();
        var x = Tensor<double>.Zeros(shape);
        for (int e = 0; e < x.Length; e++) x.Data[e] = Math.Sin(frequency * (e + 1)) + 0.1;
        return x;
    }
}
