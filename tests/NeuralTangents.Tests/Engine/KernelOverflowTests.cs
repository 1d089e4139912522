using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine;

/// <summary>
/// Finite inputs never give non-finite kernel entries: inputs too large for the precision are rejected before
/// anything runs, an overflow inside the network is reported when the result is checked, and float64 computes
/// what float32 cannot hold.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class KernelOverflowTests(CpuEngineFixture fixture)
{
    private static ILayer ReluFcn(double wStd = 1.5) =>
        Stax.Serial(Stax.Dense(64, wStd, 0), Stax.Relu(), Stax.Dense(64, wStd, 0), Stax.Relu(), Stax.Dense(1, wStd, 0));

    private static Tensor<T> Scaled<T>(Tensor<T> x, double factor) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        Tensor<T>.FromFunction(x.Shape, i => x.Data[i] * T.CreateTruncating(factor));

    [Theory]
    [InlineData("x1")]
    [InlineData("x2")]
    public void Float32_inputs_whose_squared_norms_overflow_are_rejected_naming_the_argument_and_float64(string argument)
    {
        var x1 = TestInputs.Normal<float>(3, 5, 1);
        var x2 = TestInputs.Normal<float>(2, 5, 2);
        if (argument == "x1") x1 = Scaled(x1, 1e20); else x2 = Scaled(x2, 1e20);
        var error = Assert.Throws<ArgumentException>(() => ReluFcn().KernelFn(x1, x2, KernelOutputs.Both, fixture.Options));
        Assert.Equal(argument, error.ParamName);
        Assert.Contains("overflow", error.Message);
        Assert.Contains("item 0", error.Message);
        Assert.Contains("float32", error.Message);
        Assert.Contains("Tensor<double>", error.Message);
        Assert.Contains("rescale", error.Message);
    }

    [Fact]
    public void Float32_image_inputs_name_the_item_and_position_whose_channels_overflow()
    {
        var images = TestInputs.Normal<float>(2, 3 * 3 * 2, 3).Reshape(2, 3, 3, 2);
        images.Data[18 + 4 * 2 + 1] = 3e19f; // item 1, position 4, channel 1
        var network = Stax.Serial(Stax.Conv(4, new[] { 2, 2 }), Stax.Relu(), Stax.Flatten(), Stax.Dense(1));
        var error = Assert.Throws<ArgumentException>(() => network.KernelFn(images, null, KernelOutputs.Nngp, fixture.Options));
        Assert.Equal("x1", error.ParamName);
        Assert.Contains("item 1 at position 4", error.Message);
        Assert.Contains("overflow", error.Message);
    }

    [Fact]
    public void Float64_inputs_of_the_same_magnitude_give_the_finite_scaled_kernel()
    {
        // A bias-free ReLU network is homogeneous: K(αx) = α²·K(x) for NNGP and NTK.
        var x = TestInputs.Normal<double>(4, 5, 4);
        var unit = ReluFcn().KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var large = ReluFcn().KernelFn(Scaled(x, 1e20), null, KernelOutputs.Both, fixture.Options);
        for (int e = 0; e < unit.Nngp!.Length; e++)
        {
            Assert.Equal(1, large.Nngp!.Data[e] / (1e40 * unit.Nngp.Data[e]), 1e-12);
            Assert.Equal(1, large.Ntk!.Data[e] / (1e40 * unit.Ntk!.Data[e]), 1e-12);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_overflow_inside_the_network_is_reported_instead_of_returning_non_finite_entries(bool selfKernel)
    {
        // Inputs of 1e15 fit float32 (squared norms about 1e31), but three Dense layers with W_std = 1e6 multiply the
        // variance by 1e36 beyond float32's 3.4e38.
        var x1 = Scaled(TestInputs.Normal<float>(3, 5, 5), 1e15);
        var x2 = selfKernel ? null : Scaled(TestInputs.Normal<float>(2, 5, 6), 1e15);
        var error = Assert.Throws<OverflowException>(() => ReluFcn(wStd: 1e6).KernelFn(x1, x2, KernelOutputs.Both, fixture.Options));
        Assert.Contains("overflow", error.Message);
        Assert.Contains("float32", error.Message);
        Assert.Contains("Tensor<double>", error.Message);
        Assert.Contains("rescale", error.Message);
        // float64 holds the same kernel.
        var exact = ReluFcn(wStd: 1e6).KernelFn(Scaled(TestInputs.Normal<double>(3, 5, 5), 1e15), null, KernelOutputs.Both, fixture.Options);
        Assert.All(exact.Ntk!.Data, value => Assert.True(double.IsFinite(value)));
    }
}
