namespace NeuralTangents.Samples;

/// <summary>
/// Eigendecomposition A = V·diag(λ)·Vᵀ of a small symmetric matrix by cyclic Jacobi rotations (accurate, O(n³)
/// per sweep; ample for the few hundred points of the samples). The library's predict module does this on
/// LAPACK for real sizes; the samples keep their own so that each reads on its own.
/// </summary>
public sealed class SymmetricEigen
{
    public SymmetricEigen(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n) throw new ArgumentException($"Expected a square matrix, got {n}×{matrix.GetLength(1)}.", nameof(matrix));
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (int i = 0; i < n; i++) v[i, i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, scale = 0;
            for (int i = 0; i < n; i++)
            {
                scale += a[i, i] * a[i, i];
                for (int j = i + 1; j < n; j++) off += a[i, j] * a[i, j];
            }
            if (off <= 1e-30 * Math.Max(scale, double.Epsilon)) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0) continue;
                    // The rotation that zeroes a[p, q] (Golub & Van Loan, §8.5.2).
                    double tau = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(tau == 0 ? 1 : tau) / (Math.Abs(tau) + Math.Sqrt(1 + tau * tau));
                    double c = 1 / Math.Sqrt(1 + t * t), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        Values = new double[n];
        for (int i = 0; i < n; i++) Values[i] = a[i, i];
        Vectors = v;
    }

    /// <summary>The eigenvalues λ_i.</summary>
    public double[] Values { get; }

    /// <summary>The eigenvectors, column i for λ_i.</summary>
    public double[,] Vectors { get; }

    /// <summary>V·diag(g(λ))·Vᵀ·B for a matrix B (n × m): a function of the matrix applied to B.</summary>
    public double[,] Apply(Func<double, double> g, double[,] b)
    {
        int n = Values.Length, m = b.GetLength(1);
        var projected = new double[n, m];
        for (int i = 0; i < n; i++)
        {
            double weight = g(Values[i]);
            for (int c = 0; c < m; c++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += Vectors[k, i] * b[k, c];
                projected[i, c] = weight * sum;
            }
        }
        var result = new double[n, m];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < m; c++)
            {
                double sum = 0;
                for (int i = 0; i < n; i++) sum += Vectors[r, i] * projected[i, c];
                result[r, c] = sum;
            }
        return result;
    }
}
