using System.Collections.Generic;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Catalog;

/// <summary>The closed-form nonlinearities the declarations can use, by kind.</summary>
internal static class ActivationCatalog
{
    private static readonly (string, ArgumentType)[] None = new (string, ArgumentType)[0];
    private static readonly (string, ArgumentType)[] Abc = { ("a", ArgumentType.Double), ("b", ArgumentType.Double), ("c", ArgumentType.Double) };
    private static readonly (string, ArgumentType)[] Ab = { ("a", ArgumentType.Double), ("b", ArgumentType.Double) };
    private static readonly (string, ArgumentType)[] Degree = { ("degree", ArgumentType.Int) };

    private static readonly Dictionary<ActivationKind, ActivationSpec> Specs = new()
    {
        [ActivationKind.Relu] = new("Relu", None, _ => "Relu"),
        [ActivationKind.ABRelu] = new("ABRelu", Ab, a => LayerNames.WithArguments("ABRelu", a), Finite("a", "b")),
        [ActivationKind.LeakyRelu] = new("LeakyRelu", new[] { ("alpha", ArgumentType.Double) }, a => LayerNames.WithArguments("LeakyRelu", a), Finite("alpha")),
        [ActivationKind.Abs] = new("Abs", None, _ => "Abs"),
        [ActivationKind.Erf] = new("Erf", Abc, a => LayerNames.WithArguments("Erf", a), Finite("a", "b", "c")),
        [ActivationKind.SigmoidLike] = new("SigmoidLike", None, _ => "SigmoidLike"),
        [ActivationKind.Gelu] = new("Gelu", new[] { ("approximate", ArgumentType.Bool) }, a => LayerNames.Gelu(a[0] != 0)),
        [ActivationKind.Sin] = new("Sin", Abc, a => LayerNames.WithArguments("Sin", a), Finite("a", "b", "c")),
        [ActivationKind.Cos] = new("Cos", Abc, a => LayerNames.WithArguments("Cos", a), Finite("a", "b", "c")),
        [ActivationKind.Rbf] = new("Rbf", new[] { ("gamma", ArgumentType.Double) }, a => LayerNames.WithArguments("Rbf", a), (n, a) => ActivationRules.Rbf(n, a[0])),
        [ActivationKind.Exp] = new("Exp", Ab, a => LayerNames.WithArguments("Exp", a), Finite("a", "b")),
        [ActivationKind.ExpNormalized] = new("ExpNormalized",
            new[] { ("gamma", ArgumentType.Double), ("shift", ArgumentType.Double), ("doClip", ArgumentType.Bool) },
            a => LayerNames.ExpNormalized(a[0], a[1], a[2] != 0), Finite("gamma", "shift")),
        [ActivationKind.Gaussian] = new("Gaussian", Ab, a => LayerNames.WithArguments("Gaussian", a), Finite("a", "b")),
        [ActivationKind.Gabor] = new("Gabor", None, _ => "Gabor"),
        [ActivationKind.Sign] = new("Sign", None, _ => "Sign"),
        [ActivationKind.Monomial] = new("Monomial", Degree, a => LayerNames.WithDegree("Monomial", (int)a[0]), (n, a) => ActivationRules.Monomial(n, (int)a[0])),
        [ActivationKind.RectifiedMonomial] = new("RectifiedMonomial", Degree, a => LayerNames.WithDegree("RectifiedMonomial", (int)a[0]),
            (n, a) => ActivationRules.RectifiedMonomial(n, (int)a[0])),
        [ActivationKind.Polynomial] = new("Polynomial", new[] { ("coef", ArgumentType.DoubleArray) }, a => LayerNames.Polynomial(a),
            (n, a) => ActivationRules.Polynomial(n, a)),
        [ActivationKind.Hermite] = new("Hermite", Degree, a => LayerNames.WithDegree("Hermite", (int)a[0]), (n, a) => ActivationRules.Hermite(n, (int)a[0])),
    };

    /// <summary>The specification of <paramref name="kind"/>.</summary>
    public static ActivationSpec Get(ActivationKind kind) => Specs[kind];

    /// <summary>The kind whose factory method is <paramref name="method"/>, if any.</summary>
    public static bool TryFind(string method, out ActivationKind kind)
    {
        foreach (var pair in Specs)
        {
            if (pair.Value.Method == method)
            {
                kind = pair.Key;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>The rule that the named arguments (in order) are finite.</summary>
    private static System.Func<string, double[], RuleResult?> Finite(params string[] names) => (layer, arguments) =>
    {
        var pairs = new (string, double)[names.Length];
        for (int i = 0; i < names.Length; i++) pairs[i] = (names[i], arguments[i]);
        return ActivationRules.AllFinite(layer, pairs);
    };
}
