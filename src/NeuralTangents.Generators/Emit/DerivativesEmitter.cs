using NeuralTangents.Architecture.Model;

namespace NeuralTangents.Generators.Emit;

/// <summary>
/// Writes a model class's kernel derivatives: <c>Hyperparameters</c>, <c>KernelDerivatives</c> (by hyperparameters) and
/// <c>KernelDerivativesByInputs</c> (by x1), named after the runtime's <c>KernelDerivatives.Compute</c> and
/// <c>KernelDerivatives.ByInputs</c> and running the forward-mode tangents on the plan the class states at compile
/// time (<see cref="PlanStepsEmitter"/>), so they are specialized as the kernel is.
/// </summary>
internal static class DerivativesEmitter
{
    private const string Nt = "global::NeuralTangents.";

    /// <summary>Writes the members for <paramref name="model"/>, whose kernels have element type <paramref name="scalar"/>.</summary>
    public static void Write(SourceWriter writer, ArchitectureModel model, string scalar)
    {
        string plan = $"{PlanStepsEmitter.MethodName}<{scalar}>";
        writer.Line("/// <summary>");
        writer.Line("/// Every hyperparameter the kernel can be differentiated by (each Dense and Conv layer's wStd and bStd, each closed-form");
        writer.Line("/// nonlinearity's scalar arguments, each LayerNorm's epsilon), named by the layer's JSON path in <see cref=\"Network\"/>");
        writer.Line("/// and the argument's JSON name.");
        writer.Line("/// </summary>");
        writer.Line($"public static global::System.Collections.Generic.IReadOnlyList<{Nt}Hyperparameter> Hyperparameters => {Nt}Hyperparameter.Of(Network);");
        writer.Line();

        writer.Line("/// <summary>");
        writer.Line("/// The kernels for x1 against x2 (x1 against itself when x2 is null) and their exact derivatives with respect to");
        writer.Line("/// <paramref name=\"hyperparameters\"/> (all of <see cref=\"Hyperparameters\"/> when null), in forward mode through the");
        writer.Line($"/// pair-major plan stated in <see cref=\"{PlanStepsEmitter.MethodName}\"/> (<c>Path</c> of the result says so), on the host CPU.");
        writer.Line("/// </summary>");
        writer.Line($"public static {Nt}KernelWithDerivatives<{scalar}> KernelDerivatives({Nt}Tensor<{scalar}> x1, {Nt}Tensor<{scalar}>? x2 = null,");
        writer.Line($"    global::System.Collections.Generic.IReadOnlyList<{Nt}Hyperparameter>? hyperparameters = null,");
        writer.Open($"    {Nt}KernelOutputs get = {Nt}KernelOutputs.Both, {Nt}KernelOptions? options = null)");
        CheckInputs(writer, model);
        writer.Line($"return {Nt}CompilerServices.GeneratedDerivatives.Compute<{scalar}>(Network, {plan}, x1, x2, hyperparameters, get, options);");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>");
        writer.Line("/// The kernels for x1 against x2 (x1 against itself when x2 is null) and their exact derivatives with respect to x1,");
        writer.Line("/// x2 held fixed: entry [i, j, f…] is ∂K(x1ᵢ, x2ⱼ)/∂x1ᵢ(f…). Forward mode through the pair-major plan stated in");
        writer.Line($"/// <see cref=\"{PlanStepsEmitter.MethodName}\"/> (<c>Path</c> of the result says so), on the host CPU.");
        writer.Line("/// </summary>");
        writer.Line($"public static {Nt}KernelInputDerivatives<{scalar}> KernelDerivativesByInputs({Nt}Tensor<{scalar}> x1, {Nt}Tensor<{scalar}>? x2 = null,");
        writer.Open($"    {Nt}KernelOutputs get = {Nt}KernelOutputs.Both, {Nt}KernelOptions? options = null)");
        CheckInputs(writer, model);
        writer.Line($"return {Nt}CompilerServices.GeneratedDerivatives.ByInputs<{scalar}>(Network, {plan}, x1, x2, get, options);");
        writer.Close();
    }

    /// <summary>The declared input shape is checked as <c>KernelFn</c> checks it, with the same message.</summary>
    private static void CheckInputs(SourceWriter writer, ArchitectureModel model)
    {
        writer.Line($"x1 = {ModelSourceEmitter.CheckedInput(model, "x1")};");
        writer.Line($"if (x2 is not null) x2 = {ModelSourceEmitter.CheckedInput(model, "x2")};");
    }
}
