using NeuralTangents.Tests.Support;

namespace NeuralTangents.Generators.Tests.Equivalence;

/// <summary>
/// The plans generated classes state at compile time, run as the plan's device kernels (the GPU path; here on ILGPU's
/// CPU accelerator): equal to the bit to the runtime network's plan on the same device path (one plan, one runner), and
/// to the host plan's vector loops to float32 rounding.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class GeneratedDevicePlanTests(CpuEngineFixture fixture)
{
    public static TheoryData<string> PlannedModels => new() { "CnnFlatten", "PooledCnn", "ResidualCnn" };

    [Theory]
    [MemberData(nameof(PlannedModels))]
    public void Generated_plan_on_the_device_equals_the_runtime_plan_on_the_device_and_the_host(string name)
    {
        var model = SampleModels.Float32(name);
        var device = fixture.Options with { DevicePlan = true };
        var path = KernelPlanInfo.For<float>(model.Network, new[] { -1 }.Concat(model.InputShape).ToArray(), n1: 6, options: device).Path;
        Assert.StartsWith("pair-major device plan", path);
        var x1 = Inputs(model.InputShape, 6, 0.41);
        var x2 = Inputs(model.InputShape, 5, 0.77);
        foreach (var second in new[] { x2, null })
        {
            var generated = model.KernelFn(x1, second, KernelOutputs.Both, device);
            var runtime = model.Reference.KernelFn(x1, second, KernelOutputs.Both, device);
            Assert.Equal(runtime.Nngp!.Data, generated.Nngp!.Data);
            Assert.Equal(runtime.Ntk!.Data, generated.Ntk!.Data);
            Assert.Equal(runtime.Cov1!.Data, generated.Cov1!.Data);
            var host = model.KernelFn(x1, second, KernelOutputs.Both, fixture.HostOptions);
            AssertClose(host.Nngp!.Data, generated.Nngp.Data, $"{name} nngp");
            AssertClose(host.Ntk!.Data, generated.Ntk.Data, $"{name} ntk");
        }
    }

    /// <summary>Every entry within 1e-5 of the largest entry's magnitude (float32 rounding through a few layers).</summary>
    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        double scale = expected.Max(v => Math.Abs((double)v));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale, $"{what}[{i}]: host {expected[i]}, device {actual[i]}");
    }

    private static Tensor<float> Inputs(int[] itemShape, int items, double phase) =>
        Tensor<float>.FromFunction(new[] { items }.Concat(itemShape).ToArray(), i => MathF.Sin((float)(0.37 * i + phase)) + 0.2f * MathF.Cos((float)(1.3 * i)));
}
