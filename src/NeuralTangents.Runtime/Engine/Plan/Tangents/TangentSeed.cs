namespace NeuralTangents.Engine.Plan;

/// <summary>
/// Where a hyperparameter enters one op of a plan: tangent <see cref="Tangent"/> (the hyperparameter's number in the
/// request) gets the op's partial with respect to its own parameter <see cref="Parameter"/> times <see cref="Scale"/>
/// (the chain-rule factor from the hyperparameter to that parameter: 2σ for an affine op's σ², 1 for a nonlinearity's).
/// </summary>
internal readonly record struct TangentSeed(int Tangent, int Parameter, double Scale);
