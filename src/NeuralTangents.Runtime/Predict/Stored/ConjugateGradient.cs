namespace NeuralTangents.Predicting;

/// <summary>
/// Jacobi-preconditioned conjugate gradients for (A + λI)·X = B with k right-hand sides, each column with its own
/// step sizes, sharing one blocked read of A per iteration. Runs in float64 whatever the stored precision.
/// </summary>
internal static class ConjugateGradient
{
    /// <summary>Solves and returns X (n × k, row-major) and the iterations it took.</summary>
    /// <exception cref="ArithmeticException">A search direction with pᵀ(A + λI)p ≤ 0 shows the matrix is not positive definite.</exception>
    /// <exception cref="InvalidOperationException">Some column did not reach the tolerance within the iteration limit.</exception>
    public static (double[] X, int Iterations) Solve<T>(StoredMatrix<T> a, double lambda, double[] b, int k, double tolerance, int maxIterations, string description)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = a.Rows;
        var preconditioner = a.Diagonal().Select(d => d + lambda > 0 ? 1 / (d + lambda) : 1).ToArray();
        var x = new double[b.Length];
        var r = (double[])b.Clone();
        var p = new double[b.Length];
        for (int i = 0; i < b.Length; i++) p[i] = preconditioner[i / k] * r[i];
        var rz = new double[k];
        var target = new double[k];
        var active = new bool[k];
        for (int c = 0; c < k; c++)
        {
            rz[c] = Dot(r, p, c, k);
            target[c] = tolerance * Math.Sqrt(Dot(b, b, c, k));
            active[c] = Math.Sqrt(Dot(r, r, c, k)) > target[c];
        }
        int iteration = 0;
        while (active.Any(on => on))
        {
            if (iteration == maxIterations)
            {
                int worst = Enumerable.Range(0, k).Where(c => active[c]).First();
                throw new InvalidOperationException($"Conjugate gradients on {description} ({n}×{n}, λ = {lambda:G6}) did not reach the relative residual {tolerance:G3} " +
                    $"within {maxIterations} iterations (output column {worst} is at {Math.Sqrt(Dot(r, r, worst, k)) / Math.Max(target[worst] / tolerance, double.Epsilon):G3}). " +
                    "Increase diagReg or StoredSolverOptions.MaxIterations, or use StoredSolveMethod.Cholesky where the matrix fits in memory.");
            }
            iteration++;
            var q = a.Multiply(p, k, lambda);
            for (int c = 0; c < k; c++)
            {
                if (!active[c]) continue;
                double curvature = Dot(p, q, c, k);
                if (!(curvature > 0))
                    throw new ArithmeticException($"{description} ({n}×{n}) is not positive definite at λ = {lambda:G6}: conjugate gradients found a direction p " +
                        $"with pᵀ(K + λI)p = {curvature:G6} at iteration {iteration} (output column {c}). Increase diagReg or compute the kernel in double precision.");
                double step = rz[c] / curvature;
                for (int i = c; i < b.Length; i += k)
                {
                    x[i] += step * p[i];
                    r[i] -= step * q[i];
                }
                if (Math.Sqrt(Dot(r, r, c, k)) <= target[c])
                {
                    active[c] = false;
                    continue;
                }
                double rzNext = 0;
                for (int i = c, row = 0; i < b.Length; i += k, row++) rzNext += r[i] * preconditioner[row] * r[i];
                double beta = rzNext / rz[c];
                rz[c] = rzNext;
                for (int i = c, row = 0; i < b.Length; i += k, row++) p[i] = preconditioner[row] * r[i] + beta * p[i];
            }
            // Converged columns must not move further: their directions are zeroed for the shared product.
            for (int c = 0; c < k; c++)
                if (!active[c]) for (int i = c; i < b.Length; i += k) p[i] = 0;
        }
        return (x, iteration);
    }

    private static double Dot(double[] u, double[] v, int column, int k)
    {
        double sum = 0;
        for (int i = column; i < u.Length; i += k) sum += u[i] * v[i];
        return sum;
    }
}
