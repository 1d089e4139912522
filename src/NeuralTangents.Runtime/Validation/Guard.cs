using System.Numerics;
using System.Numerics.Tensors;
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

    /// <summary>
    /// Throws when the squared norm of a group of <paramref name="groupSize"/> consecutive values (an item's features,
    /// or one position's channels for inputs with spatial axes) overflows <typeparamref name="T"/>: the input
    /// covariance x·x'ᵀ/d sums those squares in <typeparamref name="T"/> and would be infinite. One vectorized pass,
    /// O(items × features).
    /// </summary>
    public static void SquaredNormsFit<T>(Tensor<T> tensor, int groupSize, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = tensor.Data;
        if (groupSize <= 0) return;
        for (int start = 0; start < data.Length; start += groupSize)
        {
            var group = data.AsSpan(start, groupSize);
            if (T.IsFinite(TensorPrimitives.SumOfSquares<T>(group))) continue;
            double squares = 0;
            foreach (var value in group) squares += double.CreateTruncating(value) * double.CreateTruncating(value);
            int rowLength = tensor.RowLength, item = start / rowLength;
            string where = groupSize < rowLength ? $"item {item} at position {start % rowLength / groupSize} (its {groupSize} channels)" : $"item {item}";
            throw new ArgumentException(
                $"{argument} would overflow {OverflowAdvice.Precision<T>()}: {where} has squared norm {squares:G4}, more than {OverflowAdvice.Range<T>()} holds, " +
                $"so its input covariance x·xᵀ/d cannot be computed. {OverflowAdvice.Remedy<T>(argument)}", argument);
        }
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
