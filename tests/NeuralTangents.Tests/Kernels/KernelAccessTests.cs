namespace NeuralTangents.Tests.Kernels;

/// <summary>
/// What a Python Neural Tangents user reaches for: the requested matrix without nullable juggling
/// (<c>RequireNngp</c>/<c>RequireNtk</c>, Neural Tangents' <c>kernel_fn(x1, x2, 'ntk')</c>), a readable
/// <c>Kernel.ToString()</c>, and <c>PrngKey.Normal</c> (JAX's <c>random.normal(key, shape)</c>).
/// </summary>
public sealed class KernelAccessTests
{
    private static readonly ILayer Network = Stax.Serial(Stax.Dense(16, wStd: 1.5, bStd: 0.05), Stax.Relu(), Stax.Dense(1, wStd: 1.5, bStd: 0.05));
    private static readonly Tensor<float> X1 = Tensor<float>.FromFunction(new[] { 4, 3 }, i => MathF.Sin(i));
    private static readonly Tensor<float> X2 = Tensor<float>.FromFunction(new[] { 2, 3 }, i => MathF.Cos(i));

    [Fact]
    public void RequireNtk_gives_the_requested_matrix_and_names_the_missing_one()
    {
        var ntkOnly = Network.KernelFn(X1, X2, KernelOutputs.Ntk);
        Tensor<float> ntk = ntkOnly.RequireNtk();
        Assert.Equal(new[] { 4, 2 }, ntk.Shape);
        Assert.Equal(Network.KernelFn(X1, X2).Ntk!.Data, ntk.Data);
        var missing = Assert.Throws<InvalidOperationException>(() => ntkOnly.RequireNngp());
        Assert.Contains("KernelOutputs.Nngp", missing.Message);
        Assert.Equal(new[] { 4, 2 }, Network.KernelFn(X1, X2, KernelOutputs.Nngp).RequireNngp().Shape);
        Assert.Throws<InvalidOperationException>(() => Network.KernelFn(X1, X2, KernelOutputs.Nngp).RequireNtk());
    }

    [Fact]
    public void ToString_names_the_outputs_and_their_shapes()
    {
        Assert.Equal("Kernel<Single>(nngp (4, 2), ntk (4, 2), cov1 (4,), cov2 (2,); outputs (4, 1) × (2, 1), Gaussian)", Network.KernelFn(X1, X2).ToString());
        string self = Network.KernelFn(X1, null, KernelOutputs.Ntk).ToString();
        Assert.Equal("Kernel<Single>(ntk (4, 4), cov1 (4,), cov2 = cov1; outputs (4, 1) × (4, 1), x2 = x1, Gaussian)", self);
        Assert.DoesNotContain("System.", self);
    }

    [Fact]
    public void PrngKey_Normal_is_a_tensor_of_the_keys_standard_normal_samples()
    {
        var key = new PrngKey(7);
        var samples = key.Normal<double>(3, 4);
        Assert.Equal(new[] { 3, 4 }, samples.Shape);
        var expected = new double[12];
        key.FillNormal(expected);
        Assert.Equal(expected, samples.Data);
        Assert.Equal(samples.Data.Select(v => (float)v), key.Normal(3, 4).Data);
        Assert.Equal(key.Normal(3, 4).Data, key.Normal(3, 4).Data);
        Assert.NotEqual(key.Normal(3, 4).Data, key.Child(0).Normal(3, 4).Data);
        // Standard normal: the mean of many samples within 4 standard errors of 0, the variance near 1.
        var many = key.Normal<double>(100_000).Data;
        Assert.InRange(many.Average(), -4 / Math.Sqrt(many.Length), 4 / Math.Sqrt(many.Length));
        Assert.InRange(many.Select(v => v * v).Average(), 0.98, 1.02);
    }
}
