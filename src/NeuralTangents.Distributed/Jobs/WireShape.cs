namespace NeuralTangents.Distributed;

/// <summary>The checks of an array shape received from the cluster (untrusted): rank, signs, and an element count that fits one array.</summary>
internal static class WireShape
{
    /// <summary>The most axes a received array may have.</summary>
    public const int MaxRank = 16;

    /// <summary>The number of elements of <paramref name="shape"/>.</summary>
    /// <param name="shape">The shape received.</param>
    /// <param name="what">What the array is, for the error message.</param>
    /// <exception cref="InvalidDataException">The shape is missing, has more than <see cref="MaxRank"/> axes, a negative dimension, or more elements than one array holds.</exception>
    public static long Elements(int[]? shape, string what)
    {
        if (shape is null) throw new InvalidDataException($"{what}: the array has no shape.");
        if (shape.Length > MaxRank) throw new InvalidDataException($"{what}: the array has {shape.Length} axes, more than {MaxRank}.");
        long elements = 1;
        foreach (int dimension in shape)
        {
            if (dimension < 0) throw new InvalidDataException($"{what}: shape ({Text(shape)}) has a negative dimension.");
            elements = checked(elements * dimension);
            if (elements > Array.MaxLength) throw new InvalidDataException($"{what}: shape ({Text(shape)}) has more elements than one array can hold.");
        }
        return elements;
    }

    /// <summary>A shape as its dimensions separated by commas, for messages.</summary>
    /// <param name="shape">The shape.</param>
    public static string Text(int[] shape) => string.Join(", ", shape);
}
