namespace NeuralTangents.Generators.Tests.Models;

/// <summary>The standard parameterization, with width scalings.</summary>
[Network(InputShape = new[] { 9 })]
[Dense(48, WStd = 1.2, BStd = 0.1, Parameterization = Parameterization.Standard)]
[Gelu]
[Dense(24, WStd = 0.9, Parameterization = Parameterization.Standard, WidthScaleIn = 2, WidthScaleOut = 3)]
[ABRelu(-0.3, 1.1)]
[Dense(5, BStd = 0.3, Parameterization = Parameterization.Standard)]
public static partial class StandardMlp
{
}
