using NeuralTangents.Generators.Tests.Models;

namespace NeuralTangents.Generators.Tests;

/// <summary>
/// The generated <c>KernelFn</c> checks its inputs against the declared <c>InputShape</c> as the generated <c>Apply</c>
/// does, with the same message, on every kind of plan: one fused chain (Mlp), an interpreted head and a fused tail
/// (CnnGlobalAvgPool), and the runtime path (FallbackNetwork).
/// </summary>
public sealed class DeclaredInputShapeTests
{
    public static TheoryData<string> Models() => new() { nameof(Mlp), nameof(CnnGlobalAvgPool), nameof(FallbackNetwork) };

    [Theory]
    [MemberData(nameof(Models))]
    public void KernelFn_rejects_items_of_another_shape_with_the_message_of_Apply(string model)
    {
        var (apply, kernelFn, wrong, right) = Members(model);
        var fromApply = Assert.Throws<ArgumentException>(() => apply(wrong));
        var fromX1 = Assert.Throws<ArgumentException>(() => kernelFn(wrong, null));
        var fromX2 = Assert.Throws<ArgumentException>(() => kernelFn(right, wrong));
        Assert.StartsWith($"{model} declares InputShape ", fromApply.Message);
        Assert.Equal("x", fromApply.ParamName);
        Assert.Equal("x1", fromX1.ParamName);
        Assert.Equal("x2", fromX2.ParamName);
        Assert.Equal(fromApply.Message.Replace("'x'", "'x1'"), fromX1.Message);
        Assert.Equal(fromApply.Message.Replace("'x'", "'x2'"), fromX2.Message);
        // Inputs of the declared shape still go through.
        kernelFn(right, null);
    }

    [Fact]
    public void The_message_names_the_declared_and_the_given_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Mlp.KernelFn(Tensor<float>.Zeros(3, 4)));
        Assert.StartsWith("Mlp declares InputShape (12,), so every input must have shape (-1, 12) (items first), got (3, 4).", error.Message);
    }

    /// <summary>The generated Apply and KernelFn of <paramref name="model"/>, an input of another item shape and one of the declared shape.</summary>
    private static (Action<object> Apply, Action<object, object?> KernelFn, object Wrong, object Right) Members(string model) => model switch
    {
        nameof(Mlp) => (
            x => Mlp.Apply(Mlp.Init(new PrngKey(1)), (Tensor<float>)x),
            (x1, x2) => Mlp.KernelFn((Tensor<float>)x1, (Tensor<float>?)x2),
            Tensor<float>.Zeros(3, 4), Tensor<float>.Zeros(2, 12)),
        nameof(CnnGlobalAvgPool) => (
            x => CnnGlobalAvgPool.Apply(CnnGlobalAvgPool.Init(new PrngKey(1)), (Tensor<double>)x),
            (x1, x2) => CnnGlobalAvgPool.KernelFn((Tensor<double>)x1, (Tensor<double>?)x2),
            Tensor<double>.Zeros(2, 6, 5, 3), Tensor<double>.Zeros(2, 6, 6, 3)),
        nameof(FallbackNetwork) => (
            x => FallbackNetwork.Apply(FallbackNetwork.Init(new PrngKey(1)), (Tensor<float>)x),
            (x1, x2) => FallbackNetwork.KernelFn((Tensor<float>)x1, (Tensor<float>?)x2),
            Tensor<float>.Zeros(2, 4), Tensor<float>.Zeros(2, 5)),
        _ => throw new ArgumentException(model),
    };
}
