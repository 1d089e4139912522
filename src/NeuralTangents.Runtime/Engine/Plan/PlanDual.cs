using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>A nonlinearity of a plan: the form and the number of positions of its input (what its variance table holds).</summary>
internal readonly record struct PlanDual(SpatialForm Form, int Positions);
