using NeuralTangents.Numerics;

namespace NeuralTangents.Tests.Numerics;

public sealed class GaussHermiteTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(25)]
    [InlineData(100)]
    [InlineData(200)]
    [InlineData(1000)]
    public void Weights_sum_to_sqrt_pi_and_nodes_are_symmetric_and_ascending(int degree)
    {
        var rule = GaussHermite.Rule(degree);
        Assert.Equal(degree, rule.Degree);
        Assert.Equal(Math.Sqrt(Math.PI), rule.Weights.Sum(), 1e-13);
        for (int k = 0; k < degree; k++)
        {
            Assert.Equal(-rule.Nodes[degree - 1 - k], rule.Nodes[k]);
            Assert.True(rule.Weights[k] >= 0 && double.IsFinite(rule.Weights[k]));
            if (k > 0) Assert.True(rule.Nodes[k] > rule.Nodes[k - 1]);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(150)]
    public void Even_moments_are_exact_up_to_degree_2n_minus_1(int degree)
    {
        // ∫ x^{2k} e^{−x²} dx = Γ(k + ½) = √π·(2k − 1)!!/2^k.
        var rule = GaussHermite.Rule(degree);
        double exact = Math.Sqrt(Math.PI);
        for (int k = 0; 2 * k < 2 * degree && k <= 40; k++)
        {
            if (k > 0) exact *= (2 * k - 1) / 2.0;
            double sum = 0;
            for (int i = 0; i < degree; i++) sum += rule.Weights[i] * Math.Pow(rule.Nodes[i], 2 * k);
            Assert.True(Math.Abs(sum - exact) <= 1e-12 * exact, $"n={degree}, x^{2 * k}: {sum:R} vs {exact:R}");
        }
    }

    [Fact]
    public void Small_rules_match_the_textbook_values()
    {
        var two = GaussHermite.Rule(2);
        Assert.Equal(1 / Math.Sqrt(2), two.Nodes[1], 2e-15);
        Assert.Equal(Math.Sqrt(Math.PI) / 2, two.Weights[0], 2e-15);
        var three = GaussHermite.Rule(3);
        Assert.Equal(0, three.Nodes[1]);
        Assert.Equal(Math.Sqrt(1.5), three.Nodes[2], 2e-15);
        Assert.Equal(2 * Math.Sqrt(Math.PI) / 3, three.Weights[1], 2e-15);
        Assert.Equal(Math.Sqrt(Math.PI) / 6, three.Weights[2], 2e-15);
    }

    [Fact]
    public void Rules_are_cached()
    {
        Assert.Same(GaussHermite.Rule(33), GaussHermite.Rule(33));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussHermite.Rule(0));
    }
}
