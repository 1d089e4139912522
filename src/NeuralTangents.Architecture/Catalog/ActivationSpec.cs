using System;
using System.Collections.Generic;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Catalog;

/// <summary>
/// One closed-form nonlinearity: its <c>Stax</c> factory parameters (names and types, in order), its display
/// name and its hyperparameter rule, both from the shared rules so they read as the runtime's.
/// </summary>
internal sealed class ActivationSpec
{
    public ActivationSpec(string method, (string Name, ArgumentType Type)[] parameters, Func<double[], string> name,
        Func<string, double[], RuleResult?>? check = null)
    {
        Method = method;
        Parameters = parameters;
        _name = name;
        _check = check;
    }

    private readonly Func<double[], string> _name;
    private readonly Func<string, double[], RuleResult?>? _check;

    /// <summary>The <c>Stax</c> factory method (and <c>Duals</c> function) name.</summary>
    public string Method { get; }

    /// <summary>The factory parameters in order; a <see cref="ArgumentType.DoubleArray"/> takes the remaining arguments.</summary>
    public IReadOnlyList<(string Name, ArgumentType Type)> Parameters { get; }

    /// <summary>The layer's name for these arguments (the runtime's <c>ILayer.Name</c>).</summary>
    public string Name(double[] arguments) => _name(arguments);

    /// <summary>The hyperparameter rule, or null when it holds.</summary>
    public RuleResult? Check(double[] arguments) => _check?.Invoke(Name(arguments), arguments);
}
