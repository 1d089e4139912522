namespace NeuralTangents;

/// <summary>
/// One fitted value of a <see cref="NetworkKernel{T}"/>: a name and the network arguments it sets, all to the same
/// value. Several targets tie them together (every Dense layer's wStd as one "wStd"); the kernel's derivative with
/// respect to the tied value is then the sum of the derivatives with respect to each target (the chain rule).
/// </summary>
/// <param name="Name">The name the fit reports the value under; unique within its kernel.</param>
/// <param name="Targets">The network arguments set to this value (at least one), as <see cref="Hyperparameter.Of"/> lists them.</param>
/// <param name="IsPositive">Whether the value must stay positive and is fitted as its logarithm (see <see cref="KernelHyperparameter.IsPositive"/>).</param>
public sealed record NetworkHyperparameter(string Name, IReadOnlyList<Hyperparameter> Targets, bool IsPositive)
{
    /// <summary>
    /// The argument names that are positive by nature and fitted on a log scale by default: standard deviations
    /// (<c>wStd</c>, <c>bStd</c>), the Rbf's inverse length scale <c>gamma</c> and LayerNorm's <c>epsilon</c> (a
    /// variance, which the layer rejects below zero). Other nonlinearity arguments (shifts, slopes, polynomial
    /// coefficients) may change sign and are fitted on their own scale.
    /// </summary>
    public static IReadOnlyList<string> PositiveArguments { get; } = ["wStd", "bStd", "gamma", "epsilon"];

    /// <summary>
    /// Every argument called <paramref name="argument"/> in <paramref name="network"/> (e.g. each Dense and Conv
    /// layer's <c>wStd</c>) tied into one value named <paramref name="name"/> (the argument's name by default).
    /// </summary>
    /// <param name="network">The network whose hyperparameters (<see cref="Hyperparameter.Of"/>) are searched.</param>
    /// <param name="argument">The JSON argument name, such as <c>wStd</c>, <c>bStd</c> or <c>a</c>.</param>
    /// <param name="name">The fitted value's name; null means <paramref name="argument"/>.</param>
    /// <param name="isPositive">Whether to fit on a log scale; null means "when the argument is among <see cref="PositiveArguments"/>".</param>
    /// <exception cref="ArgumentException">The network has no differentiable argument of that name; the message lists those it has.</exception>
    public static NetworkHyperparameter Tied(ILayer network, string argument, string? name = null, bool? isPositive = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(argument);
        var all = Hyperparameter.Of(network);
        var targets = all.Where(h => h.Name == argument).ToArray();
        if (targets.Length == 0)
            throw new ArgumentException(
                $"The network has no differentiable argument '{argument}'; it has: {string.Join(", ", all.Select(h => h.Name).Distinct())}.", nameof(argument));
        return new NetworkHyperparameter(name ?? argument, targets, isPositive ?? PositiveArguments.Contains(argument));
    }

    /// <summary>
    /// Every differentiable argument of <paramref name="network"/> as a value of its own, named by its JSON path
    /// (<c>$.layers[0].wStd</c>), positive per <see cref="PositiveArguments"/>.
    /// </summary>
    public static IReadOnlyList<NetworkHyperparameter> Each(ILayer network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Hyperparameter.Of(network).Select(h => new NetworkHyperparameter(h.ToString(), [h], PositiveArguments.Contains(h.Name))).ToArray();
    }
}
