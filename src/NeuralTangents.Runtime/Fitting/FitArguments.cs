using System.Globalization;
using System.Numerics;

namespace NeuralTangents.Fitting;

/// <summary>Validation of <see cref="HyperparameterFit"/>'s kernel and options; each message names the option and the value seen.</summary>
internal static class FitArguments
{
    /// <summary>The kernel's hyperparameters: non-null, named, unique.</summary>
    public static IReadOnlyList<KernelHyperparameter> Hyperparameters<T>(IDifferentiableKernel<T> kernel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var hyperparameters = kernel.Hyperparameters
            ?? throw new ArgumentException($"{kernel.GetType().Name}.Hyperparameters is null.", nameof(kernel));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in hyperparameters)
        {
            if (h is null || string.IsNullOrWhiteSpace(h.Name))
                throw new ArgumentException($"{kernel.GetType().Name}.Hyperparameters has an entry without a name.", nameof(kernel));
            if (!seen.Add(h.Name))
                throw new ArgumentException($"{kernel.GetType().Name}.Hyperparameters names '{h.Name}' twice; names must be unique.", nameof(kernel));
        }
        return hyperparameters;
    }

    public static void Limits(HyperparameterFitOptions options)
    {
        if (options.MaxIterations < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations, "options.MaxIterations must be non-negative.");
        if (options.Memory < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Memory, "options.Memory (L-BFGS history) must be at least 1.");
        if (!(options.GradientTolerance >= 0) || !double.IsFinite(options.GradientTolerance))
            throw new ArgumentOutOfRangeException(nameof(options), options.GradientTolerance, "options.GradientTolerance must be non-negative and finite.");
        if (!(options.DiagReg >= 0) || !double.IsFinite(options.DiagReg))
            throw new ArgumentOutOfRangeException(nameof(options), options.DiagReg, "options.DiagReg must be non-negative and finite.");
        if (options.FitDiagReg && options.DiagReg == 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.DiagReg,
                "options.DiagReg is the starting value of a fitted regularizer, which is fitted as log diagReg and must start positive; " +
                "give a positive value (e.g. 1e-4) or set FitDiagReg = false to hold it at 0.");
    }

    /// <summary>Indices of the hyperparameters to fit, in the kernel's order.</summary>
    public static int[] Selection(IReadOnlyList<KernelHyperparameter> hyperparameters, HyperparameterFitOptions options)
    {
        string available = hyperparameters.Count == 0 ? "none" : string.Join(", ", hyperparameters.Select(h => h.Name));
        if (options.Fit is null) return Enumerable.Range(0, hyperparameters.Count).ToArray();
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in options.Fit)
        {
            if (name is null || !hyperparameters.Any(h => h.Name == name))
                throw new ArgumentException($"options.Fit names '{name}', which the kernel does not have; its hyperparameters are: {available}.", nameof(options));
            if (!chosen.Add(name))
                throw new ArgumentException($"options.Fit names '{name}' twice.", nameof(options));
        }
        if (chosen.Count == 0 && !options.FitDiagReg)
            throw new ArgumentException(
                $"Nothing to fit: options.Fit is empty and options.FitDiagReg is false. Name at least one hyperparameter ({available}) or fit the regularizer.",
                nameof(options));
        return Enumerable.Range(0, hyperparameters.Count).Where(i => chosen.Contains(hyperparameters[i].Name)).ToArray();
    }

    /// <summary>The starting values: the kernel's, replaced by <see cref="HyperparameterFitOptions.InitialValues"/>; finite, and positive where fitted on a log scale.</summary>
    public static double[] StartValues(IReadOnlyList<KernelHyperparameter> hyperparameters, int[] fitted, HyperparameterFitOptions options)
    {
        var values = hyperparameters.Select(h => h.Value).ToArray();
        if (options.InitialValues is { } overrides)
        {
            foreach (var (name, value) in overrides)
            {
                int index = Enumerable.Range(0, hyperparameters.Count).FirstOrDefault(i => hyperparameters[i].Name == name, -1);
                if (index < 0)
                    throw new ArgumentException(
                        $"options.InitialValues names '{name}', which the kernel does not have; its hyperparameters are: {string.Join(", ", hyperparameters.Select(h => h.Name))}.",
                        nameof(options));
                values[index] = value;
            }
        }
        for (int i = 0; i < values.Length; i++)
        {
            string value = values[i].ToString("G6", CultureInfo.InvariantCulture);
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"The starting value of '{hyperparameters[i].Name}' is {value}; it must be finite.", nameof(options));
            if (fitted.Contains(i) && hyperparameters[i].IsPositive && !(values[i] > 0))
                throw new ArgumentException(
                    $"The starting value of '{hyperparameters[i].Name}' is {value}, but it is a positive hyperparameter fitted as its logarithm: start it above 0.",
                    nameof(options));
        }
        return values;
    }
}
