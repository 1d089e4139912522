using System.Runtime.Intrinsics;
using NeuralTangents.CompilerServices;

namespace NeuralTangents.Tests.CompilerServices;

/// <summary>The SIMD duals of fused chains against the scalar ones the interpreted layers run.</summary>
public sealed class VectorDualsTests
{
    [Fact]
    public void Vector_atan2_is_within_two_ulps_of_the_scalar_one()
    {
        var random = new System.Random(7);
        double worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            // Magnitudes over many decades, both signs of x, the diagonal y = |x| and axes included.
            double y = i % 97 == 0 ? 0 : Math.Abs(random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 8));
            double x = i % 89 == 0 ? 0 : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 8));
            if (i % 101 == 0) x = i % 2 == 0 ? y : -y;
            if (y == 0 && x == 0) continue;
            double expected = Math.Atan2(y, x);
            double actual = VectorMath.Atan2NonNegativeY(Vector256.Create(y), Vector256.Create(x)).GetElement(0);
            if (expected == 0)
            {
                Assert.Equal(0, actual);
                continue;
            }
            worst = Math.Max(worst, Math.Abs(actual - expected) / Math.Abs(expected) / MachineEpsilon * 2);
        }
        Assert.True(worst <= 4, $"worst error {worst:F2} half-ulps");
    }

    private static readonly double MachineEpsilon = Math.BitIncrement(1.0) - 1.0;

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-0.5, 1.5)]
    [InlineData(-1.0, 1.0)]
    [InlineData(0.1, 1.0)]
    public void Vector_ABRelu_matches_the_scalar_dual_to_rounding(double a, double b)
    {
        var random = new System.Random(11);
        for (int i = 0; i < 20_000; i++)
        {
            double q1 = 0.01 + 3 * random.NextDouble(), q2 = 0.01 + 3 * random.NextDouble();
            // Correlations across [-1, 1], with the endpoints and the degenerate zero pair.
            double rho = i % 50 == 0 ? 1 : i % 50 == 1 ? -1 : 2 * random.NextDouble() - 1;
            double c = rho * Math.Sqrt(q1 * q2);
            if (i % 50 == 2) (c, q1, q2) = (0, 0, 0);
            double ntk = random.NextDouble();
            var scalar = Duals.ABRelu(a, b, c, ntk, q1, q2);
            var vector = VectorDuals.ABRelu(a, b, Vector256.Create(c), Vector256.Create(ntk), Vector256.Create(q1), Vector256.Create(q2));
            // D = (a² + b²)/2 − k·θ cancels where the slopes differ (e.g. Abs at ρ = 0): bound errors by the terms' size.
            double terms = (a * a + b * b) / 2 + (a - b) * (a - b) / 2;
            double scale = terms * Math.Sqrt(q1 * q2);
            Assert.True(Math.Abs(vector.Nngp.GetElement(0) - scalar.Nngp) <= 1e-15 * scale, $"nngp at rho={rho}: {vector.Nngp.GetElement(0)} vs {scalar.Nngp}");
            Assert.True(Math.Abs(vector.Ntk.GetElement(0) - scalar.Ntk) <= 1e-15 * terms * ntk, $"ntk at rho={rho}: {vector.Ntk.GetElement(0)} vs {scalar.Ntk}");
        }
    }

    [Fact]
    public void Lanewise_duals_equal_the_scalar_ones_exactly()
    {
        double[] c = { 0.3, -0.2, 0.9, 0.0, 0.5, -0.7, 0.1, 0.25 }, q1 = { 1.0, 0.5, 1.2, 0.7, 0.9, 1.1, 0.3, 2.0 };
        double[] q2 = { 0.8, 0.9, 1.1, 0.4, 1.3, 0.8, 0.6, 0.5 }, t = { 1.0, 2.0, 0.5, 3.0, 0.1, 0.7, 1.5, 2.5 };
        var four = VectorDuals.Erf(1.2, 0.7, 0.1, Vector256.Create<double>(c), Vector256.Create<double>(t), Vector256.Create<double>(q1), Vector256.Create<double>(q2));
        var eight = VectorDuals.Erf(1.2, 0.7, 0.1, Vector512.Create<double>(c), Vector512.Create<double>(t), Vector512.Create<double>(q1), Vector512.Create<double>(q2));
        for (int lane = 0; lane < 8; lane++)
        {
            var scalar = Duals.Erf(1.2, 0.7, 0.1, c[lane], t[lane], q1[lane], q2[lane]);
            Assert.Equal(scalar.Nngp, eight.Nngp.GetElement(lane));
            Assert.Equal(scalar.Ntk, eight.Ntk.GetElement(lane));
            if (lane >= 4) continue;
            Assert.Equal(scalar.Nngp, four.Nngp.GetElement(lane));
            Assert.Equal(scalar.Ntk, four.Ntk.GetElement(lane));
        }
    }

    [Fact]
    public void RoundToSingle_rounds_every_lane_as_a_float_cast()
    {
        var x = Vector256.Create(0.1, 1.0 / 3, -2.7182818284590451, 1e-40);
        var rounded = VectorDuals.RoundToSingle(x);
        for (int lane = 0; lane < 4; lane++) Assert.Equal((double)(float)x.GetElement(lane), rounded.GetElement(lane));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-0.5, 1.5)]
    [InlineData(-1.0, 1.0)]
    public void Eight_lane_ABRelu_equals_the_four_lane_one_bit_for_bit(double a, double b)
    {
        // Correlations across [-1, 1] with the endpoints and the degenerate zero pair, eight at a time.
        var random = new System.Random(13);
        Span<double> c = stackalloc double[8], t = stackalloc double[8], q1 = stackalloc double[8], q2 = stackalloc double[8];
        for (int i = 0; i < 5_000; i++)
        {
            for (int lane = 0; lane < 8; lane++)
            {
                q1[lane] = 0.01 + 3 * random.NextDouble();
                q2[lane] = 0.01 + 3 * random.NextDouble();
                double rho = lane == 0 ? 1 : lane == 1 ? -1 : 2 * random.NextDouble() - 1;
                c[lane] = rho * Math.Sqrt(q1[lane] * q2[lane]);
                t[lane] = random.NextDouble();
                if (lane == 2 && i % 10 == 0) (c[lane], q1[lane], q2[lane]) = (0, 0, 0);
            }
            var wide = VectorDuals.ABRelu(a, b, Vector512.Create<double>(c), Vector512.Create<double>(t), Vector512.Create<double>(q1), Vector512.Create<double>(q2));
            var wideRounded = VectorDuals.RoundToSingle(wide.Nngp);
            for (int half = 0; half < 2; half++)
            {
                var lanes = new Range(4 * half, 4 * half + 4);
                var narrow = VectorDuals.ABRelu(a, b, Vector256.Create<double>(c[lanes]), Vector256.Create<double>(t[lanes]),
                    Vector256.Create<double>(q1[lanes]), Vector256.Create<double>(q2[lanes]));
                var narrowRounded = VectorDuals.RoundToSingle(narrow.Nngp);
                for (int lane = 0; lane < 4; lane++)
                {
                    Assert.Equal(narrow.Nngp.GetElement(lane), wide.Nngp.GetElement(4 * half + lane));
                    Assert.Equal(narrow.Ntk.GetElement(lane), wide.Ntk.GetElement(4 * half + lane));
                    Assert.Equal(narrowRounded.GetElement(lane), wideRounded.GetElement(4 * half + lane));
                }
            }
        }
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-0.5, 1.5)]
    [InlineData(-1.0, 1.0)]
    public void Fused_ABRelu_equals_its_separate_maps_bit_for_bit_near_perfect_correlation(double a, double b)
    {
        // Pairs within a few ulps of ρ = ±1 (what a kernel's diagonal carries after layers whose NNGP and variance maps
        // round differently): the fused and vectorized maps must treat them as perfectly correlated, as Nngp does.
        var activation = new NeuralTangents.Layers.Elementwise.Activations.ABReluActivation(a, b);
        var random = new System.Random(17);
        for (int i = 0; i < 2_000; i++)
        {
            double q1 = 0.1 + random.NextDouble(), q2 = q1 * (1 + (random.Next(9) - 4) * 1e-16);
            double c = (i % 2 == 0 ? 1 : -1) * Math.Sqrt(q1 * q2) * (1 - random.Next(5) * 1e-16);
            double ntk = 0.5 + random.NextDouble();
            var fused = activation.Fused(c, ntk, q1, q2);
            Assert.Equal(activation.Nngp(c, q1, q2), fused.Nngp);
            Assert.Equal(ntk * activation.NtkFactor(c, q1, q2), fused.Ntk);
            var four = VectorDuals.ABRelu(a, b, Vector256.Create(c), Vector256.Create(ntk), Vector256.Create(q1), Vector256.Create(q2));
            var eight = VectorDuals.ABRelu(a, b, Vector512.Create(c), Vector512.Create(ntk), Vector512.Create(q1), Vector512.Create(q2));
            Assert.Equal(fused.Ntk, four.Ntk.GetElement(0));
            Assert.Equal(fused.Ntk, eight.Ntk.GetElement(7));
            Assert.Equal(fused.Nngp, four.Nngp.GetElement(0), 1e-15 * Math.Abs(fused.Nngp));
        }
    }
}
