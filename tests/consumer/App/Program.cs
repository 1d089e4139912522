using NeuralTangents;

// The generated members of an attribute-stack model: Init, Apply, KernelFn, Info.
var x = Tensor.FromArray(new float[] { 1, 0, 0, 1, 0, 1, 1, 0, 0.5f, -0.5f, 1, 1 }, 3, 4);
var parameters = Mlp.Init(new PrngKey(1));
var y = Mlp.Apply(parameters, x);
var kernel = Mlp.KernelFn(x);
Console.WriteLine($"apply {string.Join("x", y.Shape)}");
Console.WriteLine($"nngp {string.Join("x", kernel.Nngp!.Shape)} ntk {string.Join("x", kernel.Ntk!.Shape)}");
Console.WriteLine($"layers {Mlp.Info.Layers.Count}");
Console.WriteLine($"k00 {kernel.Nngp[0, 0]:G6}");
Console.WriteLine($"ntk only {string.Join("x", Mlp.KernelFn(x, get: KernelOutputs.Ntk).RequireNtk().Shape)}");
Console.WriteLine(kernel);
// What generated code calls is out of a user's way: one namespace for it, every type hidden from IntelliSense.
var exported = typeof(Stax).Assembly.GetExportedTypes();
var forGeneratedCode = exported.Where(t => t.Namespace == "NeuralTangents.CompilerServices").ToArray();
int hidden = forGeneratedCode.Count(t => t.GetCustomAttributes(typeof(System.ComponentModel.EditorBrowsableAttribute), false)
    is [System.ComponentModel.EditorBrowsableAttribute { State: System.ComponentModel.EditorBrowsableState.Never }]);
Console.WriteLine($"generated-code types {forGeneratedCode.Length} hidden {hidden}, elsewhere {exported.Count(t => t.Namespace is "NeuralTangents.Fusion")}");
try
{
    Mlp.KernelFn(Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2));
}
catch (ArgumentException error)
{
    Console.WriteLine($"wrong input: {error.Message}");
}

[Network(InputShape = new[] { 4 })]
[Dense(64, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(2, WStd = 1.5, BStd = 0.05)]
public static partial class Mlp
{
}
