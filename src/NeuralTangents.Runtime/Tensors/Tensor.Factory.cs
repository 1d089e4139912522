using System.Numerics;

namespace NeuralTangents;

/// <summary>Factory helpers that infer the element type.</summary>
public static class Tensor
{
    /// <summary>Wraps a row-major array with a shape.</summary>
    public static Tensor<T> FromArray<T>(T[] data, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T> => new(data, shape);

    /// <summary>Copies a rectangular 2-D array.</summary>
    public static Tensor<T> FromMatrix<T>(T[,] matrix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
        var data = new T[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                data[i * cols + j] = matrix[i, j];
        return new Tensor<T>(data, rows, cols);
    }
}
