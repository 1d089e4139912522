using System.Numerics;
using System.Text.Json.Nodes;
using NeuralTangents.Fitting;
using NeuralTangents.Layers;

namespace NeuralTangents;

/// <summary>
/// The NNGP or NTK of an infinite network on fixed training inputs as a function of chosen hyperparameters: what
/// <see cref="HyperparameterFit.Maximize{T}"/> fits a network with. Each evaluation rebuilds the network with the
/// given values through its JSON description (<see cref="NetworkJson"/>, the paths of <see cref="Hyperparameter"/>)
/// and computes the kernel and its exact derivatives with <see cref="KernelDerivatives.Compute{T}"/>; a value tied to
/// several arguments gets the sum of their derivatives.
/// </summary>
/// <remarks>
/// A layer object that appears at several places of the network (one instance passed twice) is one set of
/// arguments: a value for any of its paths is written at all of them, as the network itself would change. The
/// network must be describable as JSON (made by <see cref="Stax"/> factories without delegate arguments) and covered
/// by <see cref="KernelDerivatives"/>.
/// </remarks>
/// <typeparam name="T">The precision of the kernels.</typeparam>
public sealed class NetworkKernel<T> : IDifferentiableKernel<T>, INetworkRebuilder where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly string _json;
    private readonly Tensor<T> _xTrain;
    private readonly KernelOptions? _options;
    /// <summary>For each value, the distinct JSON paths it is written at (shared layer objects expanded).</summary>
    private readonly Hyperparameter[][] _paths;

    /// <summary>Binds <paramref name="network"/>, its training inputs and the values to fit.</summary>
    /// <param name="network">The infinite network; its current arguments are the starting values.</param>
    /// <param name="xTrain">The training inputs (items along the first axis), as <see cref="ILayer.KernelFn{T}"/> takes them.</param>
    /// <param name="hyperparameters">The values, e.g. <see cref="NetworkHyperparameter.Tied"/> for "wStd" and "bStd"; names unique, targets disjoint.</param>
    /// <param name="output"><see cref="KernelOutputs.Nngp"/> (the default: the Bayesian posterior's prior) or <see cref="KernelOutputs.Ntk"/> (the NTK-GP).</param>
    /// <param name="options">Kernel options (memory budget, cancellation inside one evaluation).</param>
    /// <exception cref="ArgumentException">
    /// A value without targets, a repeated name, a target the network does not have or that two values share, or a
    /// value whose tied targets differ in the network (tie only arguments that start equal).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is not exactly one of Nngp and Ntk.</exception>
    /// <exception cref="NotSupportedException">The network has no JSON description (a delegate argument, a layer not made by <see cref="Stax"/>).</exception>
    public NetworkKernel(ILayer network, Tensor<T> xTrain, IReadOnlyList<NetworkHyperparameter> hyperparameters, KernelOutputs output = KernelOutputs.Nngp,
        KernelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(xTrain);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        if (output is not (KernelOutputs.Nngp or KernelOutputs.Ntk))
            throw new ArgumentOutOfRangeException(nameof(output), output, "output must be KernelOutputs.Nngp or KernelOutputs.Ntk (one kernel is fitted).");
        if (xTrain.Rank < 2 || xTrain.Dim(0) == 0)
            throw new ArgumentException($"xTrain must have at least one item and one feature (items × features…), got shape {xTrain.ShapeText}.", nameof(xTrain));

        _json = network.ToJson();
        _xTrain = xTrain;
        _options = options;
        Network = network;
        Output = output;
        var root = JsonNode.Parse(_json)!;
        var byPath = HyperparameterPaths.Walk(LayerBase.From(network, nameof(network)), "$").ToDictionary(p => p.Path, p => p.Layer);
        var available = Hyperparameter.Of(network).ToHashSet();
        var names = new HashSet<string>();
        var claimed = new Dictionary<Hyperparameter, string>();
        _paths = new Hyperparameter[hyperparameters.Count][];
        var values = new KernelHyperparameter[hyperparameters.Count];
        for (int k = 0; k < hyperparameters.Count; k++)
        {
            var h = hyperparameters[k] ?? throw new ArgumentException($"hyperparameters[{k}] is null.", nameof(hyperparameters));
            if (string.IsNullOrEmpty(h.Name)) throw new ArgumentException($"hyperparameters[{k}] has no name.", nameof(hyperparameters));
            if (!names.Add(h.Name)) throw new ArgumentException($"hyperparameters names '{h.Name}' twice; names must be unique.", nameof(hyperparameters));
            if (h.Targets is null || h.Targets.Count == 0)
                throw new ArgumentException($"hyperparameters[{k}] ('{h.Name}') sets no network argument; give at least one target.", nameof(hyperparameters));
            var paths = new List<Hyperparameter>();
            foreach (var target in h.Targets)
            {
                if (target is null || !available.Contains(target))
                    throw new ArgumentException(
                        $"hyperparameters[{k}] ('{h.Name}') targets {target?.ToString() ?? "null"}, which is not a differentiable argument of the network; it has: {string.Join(", ", available)}.",
                        nameof(hyperparameters));
                // Every place the same layer object appears carries the argument: write the value at all of them.
                var layer = byPath[target.LayerPath];
                foreach (var (path, other) in byPath)
                {
                    if (!ReferenceEquals(other, layer)) continue;
                    var at = new Hyperparameter(path, target.Name);
                    if (claimed.TryGetValue(at, out var owner) && owner != h.Name)
                        throw new ArgumentException($"{at} is a target of both '{owner}' and '{h.Name}'; each argument can follow one value.", nameof(hyperparameters));
                    claimed[at] = h.Name;
                    if (!paths.Contains(at)) paths.Add(at);
                }
            }
            double start = NetworkJsonEdit.Get(root, paths[0]);
            foreach (var path in paths.Skip(1))
            {
                double other = NetworkJsonEdit.Get(root, path);
                if (other != start)
                    throw new ArgumentException(
                        $"hyperparameters[{k}] ('{h.Name}') ties {paths[0]} = {start} and {path} = {other}; tied arguments must start equal.", nameof(hyperparameters));
            }
            _paths[k] = paths.ToArray();
            values[k] = new KernelHyperparameter(h.Name, start, h.IsPositive);
        }
        Hyperparameters = values;
    }

    /// <summary>The network as given (the starting values).</summary>
    public ILayer Network { get; }

    /// <summary>Which kernel is fitted: <see cref="KernelOutputs.Nngp"/> or <see cref="KernelOutputs.Ntk"/>.</summary>
    public KernelOutputs Output { get; }

    /// <inheritdoc />
    public IReadOnlyList<KernelHyperparameter> Hyperparameters { get; }

    /// <summary>
    /// The training kernel of the network with <paramref name="values"/> and its derivatives with respect to the
    /// values at <paramref name="differentiate"/> (summed over each value's tied arguments).
    /// </summary>
    /// <exception cref="ArgumentException">A value count other than <see cref="Hyperparameters"/>' or an index outside it.</exception>
    /// <exception cref="NetworkJsonException">A value the layer rejects (e.g. a negative standard deviation).</exception>
    public DifferentiatedKernel<T> Evaluate(IReadOnlyList<double> values, IReadOnlyList<int> differentiate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(differentiate);
        var network = NetworkAt(values);
        foreach (int k in differentiate)
            if ((uint)k >= (uint)_paths.Length)
                throw new ArgumentException($"differentiate holds {k}; indices must be in [0, {_paths.Length}).", nameof(differentiate));
        var wanted = differentiate.SelectMany(k => _paths[k]).Distinct().ToArray();
        // Either token cancels: the fit's (passed here) and the one in the options the kernel was built with.
        var options = _options ?? KernelOptions.Default;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, options.CancellationToken);
        options = options with { CancellationToken = linked.Token };
        var computed = KernelDerivatives.Compute(network, _xTrain, null, wanted, Output, options);
        var perPath = Output == KernelOutputs.Nngp ? computed.NngpDerivatives! : computed.NtkDerivatives!;
        var derivatives = new Tensor<T>[differentiate.Count];
        for (int d = 0; d < differentiate.Count; d++)
        {
            var paths = _paths[differentiate[d]];
            var sum = perPath[Array.IndexOf(wanted, paths[0])].Data.ToArray();
            foreach (var path in paths.Skip(1))
            {
                var add = perPath[Array.IndexOf(wanted, path)].Data;
                for (int e = 0; e < sum.Length; e++) sum[e] += add[e];
            }
            derivatives[d] = new Tensor<T>(sum, _xTrain.Dim(0), _xTrain.Dim(0));
        }
        var kernel = Output == KernelOutputs.Nngp ? computed.Kernel.Nngp! : computed.Kernel.Ntk!;
        return new DifferentiatedKernel<T>(kernel, derivatives);
    }

    /// <summary>A new network: <see cref="Network"/> with each value of <see cref="Hyperparameters"/> set to <paramref name="values"/> (in order).</summary>
    /// <exception cref="ArgumentException">A value count other than <see cref="Hyperparameters"/>' or a non-finite value.</exception>
    /// <exception cref="NetworkJsonException">A value the layer rejects (e.g. a negative standard deviation).</exception>
    public ILayer NetworkAt(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != _paths.Length)
            throw new ArgumentException($"values has {values.Count} entries; the kernel has {_paths.Length} hyperparameters ({string.Join(", ", Hyperparameters.Select(h => h.Name))}).",
                nameof(values));
        var root = JsonNode.Parse(_json)!;
        for (int k = 0; k < _paths.Length; k++)
        {
            if (!double.IsFinite(values[k]))
                throw new ArgumentException($"values[{k}] ('{Hyperparameters[k].Name}') is {values[k]}; it must be finite.", nameof(values));
            foreach (var path in _paths[k]) NetworkJsonEdit.Set(root, path, values[k]);
        }
        return NetworkJson.FromJson(root.ToJsonString());
    }

    /// <summary>A new network with the values given by name (those not named keep their starting values), e.g. <see cref="HyperparameterFitResult.Values"/>.</summary>
    /// <exception cref="ArgumentException">A name the kernel does not have.</exception>
    public ILayer NetworkAt(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (string name in values.Keys)
            if (!Hyperparameters.Any(h => h.Name == name))
                throw new ArgumentException($"values names '{name}', which the kernel does not have; it has: {string.Join(", ", Hyperparameters.Select(h => h.Name))}.", nameof(values));
        return NetworkAt(Hyperparameters.Select(h => values.TryGetValue(h.Name, out double v) ? v : h.Value).ToArray());
    }
}
