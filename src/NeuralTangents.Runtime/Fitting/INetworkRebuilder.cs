namespace NeuralTangents.Fitting;

/// <summary>A differentiable kernel that comes from a network and can rebuild it at given values, so a fit can return the fitted network.</summary>
internal interface INetworkRebuilder
{
    /// <summary>The network with the kernel's hyperparameters set to <paramref name="values"/> (in the kernel's order).</summary>
    ILayer NetworkAt(IReadOnlyList<double> values);
}
