using NeuralTangents;

namespace NeuralTangents.Tests.Random;

/// <summary>
/// Parameters are a pure function of the key, with values that follow from the documented generator:
/// SplitMix64 words, 53-bit uniforms, and the inverse normal CDF. The expected words and uniforms are
/// computed here from the published SplitMix64 algorithm, written independently of the library.
/// </summary>
public sealed class PrngReproducibilityTests
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private const ulong ChildSalt = 0x5851F42D4C957F2DUL;

    /// <summary>SplitMix64 as published (Steele, Lea and Flood; Vigna's splitmix64.c): a stateful generator.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            _state += Gamma;
            return Finalize(_state);
        }

        public static ulong Finalize(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    [Fact]
    public void Reference_generator_reproduces_the_published_splitmix64_output()
    {
        // The first output of splitmix64.c seeded with 1234567, a widely quoted check value of the algorithm.
        Assert.Equal(6457827717110365317UL, new SplitMix64(1234567).Next());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1234567UL)]
    [InlineData(0xFFFFFFFFFFFFFFFFUL)]
    public void Words_are_the_splitmix64_stream_of_the_key(ulong seed)
    {
        var reference = new SplitMix64(seed);
        var key = new PrngKey(seed);
        for (int k = 0; k < 8; k++) Assert.Equal(reference.Next(), key.Word(k));
    }

    [Fact]
    public void Child_keys_and_uniforms_follow_the_documented_formulas()
    {
        var key = new PrngKey(42);
        for (int i = 0; i < 4; i++)
            Assert.Equal(SplitMix64.Finalize(SplitMix64.Finalize(42UL ^ ChildSalt) + (ulong)i), key.Child(i).Value);
        Assert.Equal(key.Child(2), key.Split(5)[2]);

        var reference = new SplitMix64(42);
        for (int k = 0; k < 4; k++)
        {
            double expected = ((reference.Next() >> 11) + 0.5) / 9007199254740992.0; // (top 53 bits + ½)/2⁵³
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(key.Uniform(k)));
        }
    }

    [Fact]
    public void Dense_weights_are_inverse_normal_cdf_of_the_keys_uniforms()
    {
        // Serial gives layer i the key Child(i); Dense draws W (row-major, n_in × width) from Child(0) and b
        // from Child(1), unscaled in the NTK parameterization. Φ(w) must give back the uniform the documented
        // SplitMix64 derivation predicts, to the accuracy of AS241 (about 1e-16).
        var network = Stax.Serial(Stax.Dense(4, 1.7, 0.3), Stax.Relu(), Stax.Dense(2));
        var root = new PrngKey(2024);
        var parameters = network.Init<double>(root, new[] { -1, 3 });
        var weights = parameters.Children[0].Tensors[0];
        var bias = parameters.Children[0].Tensors[1];
        var readout = parameters.Children[2].Tensors[0];

        CheckNormals(weights.Data, root.Child(0).Child(0).Value);
        CheckNormals(bias.Data, root.Child(0).Child(1).Value);
        CheckNormals(readout.Data, root.Child(2).Child(0).Value);
        Assert.Equal(new[] { 3, 4 }, weights.Shape);
        Assert.Equal(new[] { 4, 2 }, readout.Shape);
    }

    [Fact]
    public void Init_twice_gives_bit_identical_parameters_and_standard_parameterization_scales_the_same_draws()
    {
        var network = Stax.Serial(Stax.Dense(6, 1.3, 0.1, Parameterization.Standard), Stax.Erf(), Stax.Dense(3, 0.9, null, Parameterization.Standard));
        var first = network.Init<double>(new PrngKey(7), new[] { -1, 5 }).Leaves().ToArray();
        var second = network.Init<double>(new PrngKey(7), new[] { -1, 5 }).Leaves().ToArray();
        Assert.Equal(first.Length, second.Length);
        for (int t = 0; t < first.Length; t++)
            Assert.Equal(first[t].Data.Select(BitConverter.DoubleToInt64Bits), second[t].Data.Select(BitConverter.DoubleToInt64Bits));

        // Standard parameterization: W ~ N(0, W_std²/n_in), b ~ N(0, b_std²) from the same uniforms.
        CheckNormals(first[0].Data.Select(w => w / (1.3 / Math.Sqrt(5))).ToArray(), new PrngKey(7).Child(0).Child(0).Value);
        CheckNormals(first[1].Data.Select(b => b / 0.1).ToArray(), new PrngKey(7).Child(0).Child(1).Value);
        CheckNormals(first[2].Data.Select(w => w / (0.9 / Math.Sqrt(6))).ToArray(), new PrngKey(7).Child(2).Child(0).Value);
    }

    [Fact]
    public void Parallel_fill_equals_the_sequential_fill()
    {
        // Large fills run in parallel chunks; the values must not depend on the scheduling.
        var key = new PrngKey(99);
        var parallel = new double[40000];
        var sequential = new double[40000];
        key.FillNormal(parallel, 1.0);
        key.FillNormal(sequential.AsSpan());
        Assert.Equal(sequential.Select(BitConverter.DoubleToInt64Bits), parallel.Select(BitConverter.DoubleToInt64Bits));
    }

    /// <summary>
    /// Checks Φ(values[k]) = ((word_k &gt;&gt; 11) + ½)/2⁵³ for the SplitMix64 words of <paramref name="seed"/>, to
    /// 1e-14: the reference Φ below is accurate to a few 1e-16 absolute, and a wrong key, counter or order
    /// would be off by O(0.1).
    /// </summary>
    private static void CheckNormals(double[] values, ulong seed)
    {
        var reference = new SplitMix64(seed);
        for (int k = 0; k < values.Length; k++)
        {
            double uniform = ((reference.Next() >> 11) + 0.5) / 9007199254740992.0;
            double cdf = NormalCdf(values[k]);
            Assert.True(Math.Abs(cdf - uniform) <= 1e-14, $"value {k} = {values[k]:R}: Φ = {cdf:R}, expected the uniform {uniform:R}.");
        }
    }

    /// <summary>
    /// Φ(x) by the everywhere-convergent series Φ(x) = ½ ± φ(x)·Σ_k |x|^(2k+1)/(2k+1)!! (all terms positive),
    /// accurate to a few 1e-16 absolute.
    /// </summary>
    private static double NormalCdf(double x)
    {
        double a = Math.Abs(x), term = a, sum = a;
        for (int k = 1; k < 400 && term > 1e-18 * sum; k++)
        {
            term *= a * a / (2 * k + 1);
            sum += term;
        }
        double half = Math.Exp(-a * a / 2) / Math.Sqrt(2 * Math.PI) * sum;
        return x >= 0 ? 0.5 + half : 0.5 - half;
    }
}
