using System.Numerics;
using System.Reflection;
using NeuralTangents.CompilerServices;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Layers;
using NeuralTangents.Tests.Derivatives;
using NeuralTangents.Tests.Layers.Elementwise.Derivatives;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Generators.Tests.Equivalence;

/// <summary>
/// The kernel derivatives that generated classes expose (<c>KernelDerivatives</c>, <c>KernelDerivativesByInputs</c>),
/// which run on the plan the class states at compile time: the same steps as the runtime's plan, the same derivatives
/// to the bit as <see cref="KernelDerivatives"/> on the class's network, the same errors, exact against central
/// differences, and run on the stated plan rather than on one built from the network.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class GeneratedDerivativeTests(CpuEngineFixture fixture)
{
    /// <summary>
    /// Float32 models that state a plan: FCNs (standard parameterization, a LayerNorm, every nonlinearity family), a
    /// Flatten-first FCN on images, and CNNs ending in Flatten, GlobalAvgPool, a residual block and two towers.
    /// </summary>
    public static TheoryData<string> StatedPlanModels => new() { "Mlp", "StandardMlp", "NormalizedMlp", "EveryNonlinearity", "FlattenMlp", "CnnFlatten", "PooledCnn", "ResidualCnn", "TwoTowerCnn" };

    private const string StatedAtCompileTime = "pair-major host plan (stated at compile time by the generated class): ";

    [Theory]
    [MemberData(nameof(StatedPlanModels))]
    public void Stated_plan_equals_the_runtime_plan_of_the_derivatives_step_for_step(string name)
    {
        var model = SampleModels.Float32(name);
        var inputShape = new[] { 4 }.Concat(model.InputShape).ToArray();
        var layer = LayerBase.From(model.Network, "network");
        // The input covariance's form as the runtime's derivatives choose it (the Gram matrix without spatial axes).
        var form = NeuralTangents.Engine.KernelComputation.DerivativeInputs(layer, Tensor<float>.Zeros(inputShape), null).Form;
        var runtime = PairPlan<float>.TryBuild(layer, inputShape, form, out var why);
        Assert.True(runtime is not null, $"the runtime should plan {name}: {why}");
        var stated = PairPlan<float>.TryBuild(builder => StatedPlan<float>(name)(new PlanSteps<float>(builder)), inputShape, form, generated: true, out why);
        Assert.True(stated is not null, $"the stated plan of {name} should build: {why}");
        Assert.Equal(runtime!.Steps, stated!.Steps);
    }

    [Theory]
    [MemberData(nameof(StatedPlanModels))]
    public void Generated_hyperparameter_derivatives_equal_the_runtime_ones_to_the_bit(string name)
    {
        var model = SampleModels.Float32(name);
        var x1 = Inputs(model.InputShape, 5, 0.3);
        var x2 = Inputs(model.InputShape, 4, 1.1);
        foreach (var second in new[] { x2, null })
        {
            var generated = Invoke<KernelWithDerivatives<float>>(name, "KernelDerivatives", x1, second, null, KernelOutputs.Both, fixture.Options);
            var runtime = KernelDerivatives.Compute(model.Network, x1, second, options: fixture.Options);
            Assert.StartsWith(StatedAtCompileTime, generated.Path);
            Assert.StartsWith("pair-major host plan: ", runtime.Path);
            Assert.Equal(runtime.Path[runtime.Path.IndexOf(':')..], generated.Path[generated.Path.IndexOf(':')..]);
            Assert.Equal(Hyperparameter.Of(model.Network), generated.Hyperparameters);
            Assert.Equal(runtime.Kernel.Nngp!.Data, generated.Kernel.Nngp!.Data);
            Assert.Equal(runtime.Kernel.Ntk!.Data, generated.Kernel.Ntk!.Data);
            Assert.Equal(runtime.Kernel.Cov1!.Data, generated.Kernel.Cov1!.Data);
            for (int m = 0; m < runtime.Hyperparameters.Count; m++)
            {
                Assert.Equal(runtime.NngpDerivatives![m].Data, generated.NngpDerivatives![m].Data);
                Assert.Equal(runtime.NtkDerivatives![m].Data, generated.NtkDerivatives![m].Data);
            }
        }
    }

    [Theory]
    [MemberData(nameof(StatedPlanModels))]
    public void Generated_input_derivatives_equal_the_runtime_ones_to_the_bit(string name)
    {
        var model = SampleModels.Float32(name);
        // Distinct x2 items: the ReLU NTK has no derivative by x1 at x1ᵢ = x2ⱼ.
        var x1 = Inputs(model.InputShape, 3, 0.5);
        var x2 = Inputs(model.InputShape, 2, 1.9);
        var generated = Invoke<KernelInputDerivatives<float>>(name, "KernelDerivativesByInputs", x1, x2, KernelOutputs.Both, fixture.Options);
        var runtime = KernelDerivatives.ByInputs(model.Network, x1, x2, options: fixture.Options);
        Assert.StartsWith(StatedAtCompileTime, generated.Path);
        Assert.Equal(new[] { 3, 2 }.Concat(model.InputShape), generated.Nngp!.Shape);
        Assert.Equal(runtime.Nngp!.Data, generated.Nngp.Data);
        Assert.Equal(runtime.Ntk!.Data, generated.Ntk!.Data);
        Assert.Equal(runtime.Kernel.Nngp!.Data, generated.Kernel.Nngp!.Data);
    }

    [Fact]
    public void Generated_derivatives_of_a_float64_fcn_match_central_differences()
    {
        var x1 = TestInputs(4, Models.Float64Mlp.InputShape[0], 0.2);
        var x2 = TestInputs(3, Models.Float64Mlp.InputShape[0], 0.9);
        foreach (var second in new[] { x2, null })
        {
            var result = Models.Float64Mlp.KernelDerivatives(x1, second, options: fixture.Options);
            Assert.StartsWith(StatedAtCompileTime, result.Path);
            Assert.Equal(8, result.Hyperparameters.Count);
            var failures = KernelDifferences.Compare(Models.Float64Mlp.Network, x1, second, result);
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        }
    }

    [Fact]
    public void Derivatives_on_a_cnn_plan_stated_at_compile_time_match_central_differences_in_float64()
    {
        // PooledCnn is a float32 class, but its stated plan is generic: run it in float64 to compare with differences.
        var network = Models.PooledCnn.Network;
        var shape = Models.PooledCnn.InputShape;
        var x1 = Tensor<double>.FromFunction(new[] { 3 }.Concat(shape).ToArray(), i => Math.Sin(0.37 * i + 0.4) + 0.2 * Math.Cos(1.3 * i));
        var x2 = Tensor<double>.FromFunction(new[] { 2 }.Concat(shape).ToArray(), i => Math.Sin(0.29 * i + 1.7) - 0.3 * Math.Cos(0.7 * i));
        var result = GeneratedDerivatives.Compute(network, StatedPlan<double>("PooledCnn"), x1, x2, options: fixture.Options);
        Assert.StartsWith(StatedAtCompileTime, result.Path);
        var failures = KernelDifferences.Compare(network, x1, x2, result);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void Generated_input_derivatives_of_a_float64_fcn_match_central_differences()
    {
        int features = Models.Float64Mlp.InputShape[0];
        var x1 = TestInputs(2, features, 0.6);
        var x2 = TestInputs(3, features, 1.4);
        var result = Models.Float64Mlp.KernelDerivativesByInputs(x1, x2, options: fixture.Options);
        var kernelScale = result.Kernel.Ntk!.Data.Max(Math.Abs);
        for (int i = 0; i < 2; i++)
            for (int f = 0; f < features; f++)
            {
                int at = i * features + f;
                double theta = x1.Data[at];
                Kernel<double> At(double value)
                {
                    var moved = new Tensor<double>(x1.Data.ToArray(), x1.Shape);
                    moved.Data[at] = value;
                    return Models.Float64Mlp.KernelFn(moved, x2, KernelOutputs.Both, fixture.Options);
                }
                for (int j = 0; j < 3; j++)
                {
                    int entry = i * 3 + j;
                    double nngp = CentralDifference.Derivative(v => At(v).Nngp!.Data[entry], theta, CentralDifference.Step(theta));
                    double ntk = CentralDifference.Derivative(v => At(v).Ntk!.Data[entry], theta, CentralDifference.Step(theta));
                    // As for the hyperparameters (KernelDifferences): 1e-6 relative plus 1e-9 of the kernel's scale.
                    Assert.True(Math.Abs(result.Nngp!.Data[entry * features + f] - nngp) <= 1e-6 * Math.Abs(nngp) + 1e-9 * kernelScale,
                        $"∂NNGP[{i}, {j}]/∂x1[{i}, {f}]: {result.Nngp.Data[entry * features + f]:G12} vs {nngp:G12}");
                    Assert.True(Math.Abs(result.Ntk!.Data[entry * features + f] - ntk) <= 1e-6 * Math.Abs(ntk) + 1e-9 * kernelScale,
                        $"∂NTK[{i}, {j}]/∂x1[{i}, {f}]: {result.Ntk.Data[entry * features + f]:G12} vs {ntk:G12}");
                }
            }
    }

    [Fact]
    public void The_stated_plan_is_what_runs_not_a_plan_of_the_network()
    {
        // A plan stating σw = 1.7 for the first Dense of a network built with σw = 1.3. By every hyperparameter but that
        // one, the kernel and its derivatives are the 1.7 network's to the bit: the steps ran as stated, and the network
        // only validated the inputs and named the hyperparameters.
        var network = Stax.Serial(Stax.Dense(8, 1.3, 0.1), Stax.Erf(), Stax.Dense(1, 0.9, 0.2));
        var stated = Stax.Serial(Stax.Dense(8, 1.7, 0.1), Stax.Erf(), Stax.Dense(1, 0.9, 0.2));
        Action<PlanSteps<double>> plan = steps =>
        {
            steps.Dense("stated Dense(8, wStd: 1.7, bStd: 0.1)", 1.7, 0.1, Parameterization.Ntk, fanIn: 3, new[] { -1, 8 });
            steps.Nonlinearity(Stax.Erf());
            steps.Dense("stated Dense(1, wStd: 0.9, bStd: 0.2)", 0.9, 0.2, Parameterization.Ntk, fanIn: 8, new[] { -1, 1 });
        };
        var x = TestInputs(4, 3, 0.8);
        var others = Hyperparameter.Of(network).Where(h => h != new Hyperparameter("$.layers[0]", "wStd")).ToArray();
        var result = GeneratedDerivatives.Compute(network, plan, x, hyperparameters: others, options: fixture.Options);
        var expected = KernelDerivatives.Compute(stated, x, hyperparameters: others, options: fixture.Options);
        var planned = KernelDerivatives.Compute(network, x, hyperparameters: others, options: fixture.Options);
        Assert.Equal(StatedAtCompileTime + "stated Dense(8, wStd: 1.7, bStd: 0.1) + Erf(1, 1, 0) + stated Dense(1, wStd: 0.9, bStd: 0.2)", result.Path);
        Assert.Equal(expected.Kernel.Nngp!.Data, result.Kernel.Nngp!.Data);
        Assert.Equal(expected.Kernel.Ntk!.Data, result.Kernel.Ntk!.Data);
        Assert.NotEqual(planned.Kernel.Nngp!.Data, result.Kernel.Nngp!.Data);
        for (int m = 0; m < others.Length; m++)
        {
            Assert.Equal(expected.NngpDerivatives![m].Data, result.NngpDerivatives![m].Data);
            Assert.Equal(expected.NtkDerivatives![m].Data, result.NtkDerivatives![m].Data);
        }
        var last = new Hyperparameter("$.layers[2]", "wStd");
        Assert.NotEqual(planned.Ntk(last).Data, result.Ntk(last).Data);
        // σw of the first layer itself: its chain-rule factor 2σw is the network's, which the stated step contradicts.
        var contradicted = Assert.Throws<InvalidOperationException>(() => GeneratedDerivatives.Compute(network, plan, x, options: fixture.Options));
        Assert.Contains("the network's $.layers[0].wStd is 1.3", contradicted.Message);
    }

    [Fact]
    public void A_stated_plan_that_does_not_match_the_network_is_rejected()
    {
        var network = Stax.Serial(Stax.Dense(8, 1.3, 0.1), Stax.Erf(), Stax.Dense(1, 0.9, 0.2));
        Action<PlanSteps<double>> missingTheErf = steps =>
        {
            steps.Dense("Dense", 1.3, 0.1, Parameterization.Ntk, fanIn: 3, new[] { -1, 8 });
            steps.Dense("Dense", 0.9, 0.2, Parameterization.Ntk, fanIn: 8, new[] { -1, 1 });
        };
        var error = Assert.Throws<InvalidOperationException>(() => GeneratedDerivatives.Compute(network, missingTheErf, TestInputs(2, 3, 0.1)));
        Assert.Contains("do not match the layers", error.Message);
    }

    [Fact]
    public void Bad_hyperparameters_and_inputs_get_the_runtime_errors()
    {
        var x = Inputs(Models.Mlp.InputShape, 2, 0.4);
        var nowhere = Assert.Throws<ArgumentException>(() => Models.Mlp.KernelDerivatives(x, hyperparameters: new[] { new Hyperparameter("$.layers[9]", "wStd") }));
        Assert.Equal("hyperparameters", nowhere.ParamName);
        Assert.Contains("no layer at $.layers[9]", nowhere.Message);
        var unknown = Assert.Throws<ArgumentException>(() => Models.Mlp.KernelDerivatives(x, hyperparameters: new[] { new Hyperparameter("$.layers[1]", "alpha") }));
        Assert.Equal("hyperparameters", unknown.ParamName);
        Assert.Contains("Relu has no differentiable argument alpha", unknown.Message);
        var runtime = Assert.Throws<ArgumentException>(() => KernelDerivatives.Compute(Models.Mlp.Network, x, hyperparameters: new[] { new Hyperparameter("$.layers[1]", "alpha") }));
        Assert.Equal(runtime.Message, unknown.Message);
        var shape = Assert.Throws<ArgumentException>(() => Models.Mlp.KernelDerivativesByInputs(Tensor<float>.Zeros(2, 5)));
        Assert.Equal("x1", shape.ParamName);
    }

    [Fact]
    public void Derivatives_by_a_subset_of_the_named_hyperparameters_come_back_in_the_order_asked()
    {
        var x = Inputs(Models.CnnFlatten.InputShape, 3, 0.7);
        var all = Models.CnnFlatten.KernelDerivatives(x, options: fixture.Options);
        var asked = new[] { Models.CnnFlatten.Hyperparameters[3], Models.CnnFlatten.Hyperparameters[0] };
        var some = Models.CnnFlatten.KernelDerivatives(x, hyperparameters: asked, options: fixture.Options);
        Assert.Equal(asked, some.Hyperparameters);
        Assert.Equal(all.Nngp(asked[0]).Data, some.NngpDerivatives![0].Data);
        Assert.Equal(all.Ntk(asked[1]).Data, some.NtkDerivatives![1].Data);
    }

    /// <summary>The stated (private) plan method of model class <paramref name="name"/>, in precision <typeparamref name="T"/>.</summary>
    private static Action<PlanSteps<T>> StatedPlan<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var method = ModelType(name).GetMethod("KernelPlan", BindingFlags.NonPublic | BindingFlags.Static);
        Assert.True(method is not null, $"{name} should state its plan");
        return method!.MakeGenericMethod(typeof(T)).CreateDelegate<Action<PlanSteps<T>>>();
    }

    /// <summary>Calls the generated static member <paramref name="member"/> of model class <paramref name="name"/>.</summary>
    private static TResult Invoke<TResult>(string name, string member, params object?[] arguments)
    {
        var method = ModelType(name).GetMethod(member, BindingFlags.Public | BindingFlags.Static);
        Assert.True(method is not null, $"{name} should have a generated {member}");
        try
        {
            return (TResult)method!.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    private static Type ModelType(string name) =>
        typeof(Models.Mlp).Assembly.GetType($"NeuralTangents.Generators.Tests.Models.{name}", throwOnError: true)!;

    private static Tensor<float> Inputs(int[] itemShape, int items, double phase) =>
        Tensor<float>.FromFunction(new[] { items }.Concat(itemShape).ToArray(), i => MathF.Sin((float)(0.37 * i + phase)) + 0.2f * MathF.Cos((float)(1.3 * i)));

    private static Tensor<double> TestInputs(int items, int features, double phase) =>
        Tensor<double>.FromFunction(new[] { items, features }, i => Math.Sin(0.41 * i + phase) + 0.3 * Math.Cos(1.7 * i));
}
