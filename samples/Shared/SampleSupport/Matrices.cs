using NeuralTangents;

namespace NeuralTangents.Samples;

/// <summary>Plain dense-matrix helpers for the samples.</summary>
public static class Matrices
{
    public static double[,] FromTensor(Tensor<double> t)
    {
        int rows = t.Dim(0), cols = t.Length / rows;
        var m = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) m[r, c] = t.Data[r * cols + c];
        return m;
    }

    public static Tensor<double> ToTensor(double[,] m)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        return Tensor<double>.FromFunction(new[] { rows, cols }, i => m[i / cols, i % cols]);
    }

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++)
            {
                double aip = a[i, p];
                if (aip == 0) continue;
                for (int j = 0; j < m; j++) c[i, j] += aip * b[p, j];
            }
        return c;
    }

    public static double[,] Transpose(double[,] a)
    {
        int n = a.GetLength(0), m = a.GetLength(1);
        var t = new double[m, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) t[j, i] = a[i, j];
        return t;
    }

    public static double[,] Subtract(double[,] a, double[,] b)
    {
        var c = (double[,])a.Clone();
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) c[i, j] -= b[i, j];
        return c;
    }
}
