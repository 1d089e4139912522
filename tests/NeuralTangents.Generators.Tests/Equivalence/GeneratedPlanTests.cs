using System.Numerics;
using System.Reflection;
using NeuralTangents.Engine.Plan;
using NeuralTangents.CompilerServices;
using NeuralTangents.Layers;
using NeuralTangents.Rules;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Generators.Tests.Equivalence;

/// <summary>
/// The pair-major plans that generated classes state at compile time against the plans the runtime builds from the same
/// network's layers: step for step equal (sizes, windows, constants, forms, signatures), and the generated class's
/// kernel equal to the runtime Stax network's to the bit (both run one plan on one runner).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class GeneratedPlanTests(CpuEngineFixture fixture)
{
    public static TheoryData<string> PlannedModels => new() { "CnnFlatten", "PooledCnn", "ResidualCnn", "TwoTowerCnn" };

    [Theory]
    [MemberData(nameof(PlannedModels))]
    public void Generated_plan_equals_the_runtime_plan_step_for_step(string name)
    {
        var model = SampleModels.Float32(name);
        var inputShape = new[] { 5 }.Concat(model.InputShape).ToArray();
        var layer = LayerBase.From(model.Network, "network");
        var form = NeuralTangents.Engine.SpatialDemand.For(layer, inputShape).InputForm;
        var runtime = PairPlan<float>.TryBuild(layer, inputShape, form, out var runtimeReason);
        Assert.True(runtime is not null, $"the runtime should plan {name}: {runtimeReason}");
        var generated = PairPlan<float>.TryBuild(builder => GeneratedPlan<float>(name)(new PlanSteps<float>(builder)), inputShape, form, generated: true, out var reason);
        Assert.True(generated is not null, $"the generated plan of {name} should build: {reason}");
        Assert.True(generated!.Generated);
        Assert.Equal(runtime!.Steps, generated.Steps);
        Assert.Equal(runtime.Describe(), generated.Describe());
        Assert.Equal(runtime.Output.Shape, generated.Output.Shape);
        Assert.Equal(runtime.Output.IsGaussian, generated.Output.IsGaussian);
    }

    [Theory]
    [MemberData(nameof(PlannedModels))]
    public void Generated_kernel_runs_its_own_plan_and_equals_the_runtime_kernel_to_the_bit(string name)
    {
        var model = SampleModels.Float32(name);
        var path = KernelPlanInfo.For<float>(model.Network, new[] { -1 }.Concat(model.InputShape).ToArray(), n1: 20).Path;
        // The host plan on the CPU, the plan's device kernels on a GPU (NEURALTANGENTS_ACCELERATOR=cuda): the same plan either way.
        Assert.True(path.StartsWith("pair-major host plan", StringComparison.Ordinal) || path.StartsWith("pair-major device plan", StringComparison.Ordinal), path);
        var x1 = Inputs(model.InputShape, 20, 0.41);
        var x2 = Inputs(model.InputShape, 18, 0.77);
        foreach (var second in new[] { x2, null })
        {
            var generated = model.KernelFn(x1, second, KernelOutputs.Both, fixture.Options);
            var runtime = model.Reference.KernelFn(x1, second, KernelOutputs.Both, fixture.Options);
            Assert.Equal(runtime.Nngp!.Data, generated.Nngp!.Data);
            Assert.Equal(runtime.Ntk!.Data, generated.Ntk!.Data);
            Assert.Equal(runtime.Cov1!.Data, generated.Cov1!.Data);
        }
    }

    [Fact]
    public void Classes_the_plan_does_not_cover_state_no_plan()
    {
        // CnnGlobalAvgPool has a LayerNorm over spatial axes, BranchingNetwork FanInConcat and FanInProd: the runtime
        // decides (and falls back to the interpreted layers) at run time. Without a plan there are no generated derivatives.
        foreach (var type in new[] { typeof(Models.CnnGlobalAvgPool), typeof(Models.BranchingNetwork) })
        {
            Assert.Null(type.GetMethod("KernelPlan", BindingFlags.NonPublic | BindingFlags.Static));
            Assert.Null(type.GetMethod("KernelDerivatives", BindingFlags.Public | BindingFlags.Static));
        }
    }

    /// <summary>The generated (private) plan method of model class <paramref name="name"/>.</summary>
    private static Action<PlanSteps<T>> GeneratedPlan<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var type = typeof(Models.Mlp).Assembly.GetType($"NeuralTangents.Generators.Tests.Models.{name}", throwOnError: true)!;
        var method = type.GetMethod("KernelPlan", BindingFlags.NonPublic | BindingFlags.Static);
        Assert.True(method is not null, $"{name} should state its plan");
        return method!.MakeGenericMethod(typeof(T)).CreateDelegate<Action<PlanSteps<T>>>();
    }

    private static Tensor<float> Inputs(int[] itemShape, int items, double phase) =>
        Tensor<float>.FromFunction(new[] { items }.Concat(itemShape).ToArray(), i => MathF.Sin((float)(0.37 * i + phase)) + 0.2f * MathF.Cos((float)(1.3 * i)));
}
