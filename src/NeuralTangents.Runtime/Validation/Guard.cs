using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Validation;

/// <summary>Argument checks at the public boundary; each message names the argument, what was seen and what was expected.</summary>
internal static class Guard
{
    /// <summary>Throws when any element is NaN or infinite, naming the first offending index.</summary>
    public static void AllFinite<T>(Tensor<T> tensor, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = tensor.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (!T.IsFinite(data[i]))
                throw new ArgumentException(
                    $"{argument} must contain only finite values, but element {i} (flat index) of the tensor of shape {tensor.ShapeText} is {data[i]}.", argument);
        }
    }

    /// <summary>Throws when a tensor's batch axis (axis 0) is empty.</summary>
    public static void HasItems<T>(Tensor<T> tensor, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tensor.Dim(0) == 0)
            throw new ArgumentException($"{argument} must contain at least one item, got shape {tensor.ShapeText}.", argument);
    }

    /// <summary>Throws when a tensor has too few axes.</summary>
    public static void MinRank<T>(Tensor<T> tensor, int rank, string argument, string expected) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tensor.Rank < rank)
            throw new ArgumentException($"{argument} must have rank at least {rank} ({expected}), got shape {tensor.ShapeText}.", argument);
    }

    /// <summary>Throws <see cref="NetworkDefinitionException"/> for a broken rule.</summary>
    public static BranchSignature[] Check(RuleResult result)
    {
        if (result.Violation is { } violation) throw new NetworkDefinitionException(violation);
        return result.Output!;
    }

    /// <summary>Throws for a broken rule check that returns only a violation (null when the rule holds).</summary>
    public static void ThrowIfInvalid(RuleResult? result)
    {
        if (result?.Violation is { } violation) throw new NetworkDefinitionException(violation);
    }
}
