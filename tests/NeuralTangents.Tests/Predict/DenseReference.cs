namespace NeuralTangents.Tests.Predict;

/// <summary>
/// Direct evaluation of the closed forms with independent, textbook methods: Gauss–Jordan inverses and
/// matrix exponentials by scaling and squaring of a Taylor series (no Cholesky, no eigendecomposition), in
/// double on small matrices.
/// </summary>
internal static class DenseReference
{
    public static double[] Identity(int n)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++) a[i * n + i] = 1;
        return a;
    }

    public static double[] Mul(double[] a, double[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                double x = a[i * k + p];
                for (int j = 0; j < n; j++) c[i * n + j] += x * b[p * n + j];
            }
        return c;
    }

    public static double[] T(double[] a, int m, int n)
    {
        var t = new double[n * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }

    public static double[] Add(double[] a, double[] b, double scaleB = 1) => a.Select((x, i) => x + scaleB * b[i]).ToArray();

    public static double[] Scale(double[] a, double s) => a.Select(x => x * s).ToArray();

    public static double[] AddDiagonal(double[] a, int n, double lambda)
    {
        var r = (double[])a.Clone();
        for (int i = 0; i < n; i++) r[i * n + i] += lambda;
        return r;
    }

    public static double Trace(double[] a, int n) => Enumerable.Range(0, n).Sum(i => a[i * n + i]);

    public static double[] Inverse(double[] a, int n)
    {
        var m = (double[])a.Clone();
        var inv = Identity(n);
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
                if (Math.Abs(m[r * n + col]) > Math.Abs(m[pivot * n + col])) pivot = r;
            SwapRows(m, n, col, pivot);
            SwapRows(inv, n, col, pivot);
            double d = m[col * n + col];
            for (int j = 0; j < n; j++)
            {
                m[col * n + j] /= d;
                inv[col * n + j] /= d;
            }
            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                double f = m[r * n + col];
                if (f == 0) continue;
                for (int j = 0; j < n; j++)
                {
                    m[r * n + j] -= f * m[col * n + j];
                    inv[r * n + j] -= f * inv[col * n + j];
                }
            }
        }
        return inv;
    }

    /// <summary>e^{A} by scaling and squaring with a degree-24 Taylor series.</summary>
    public static double[] Expm(double[] a, int n)
    {
        double norm = 0;
        for (int i = 0; i < n; i++) norm = Math.Max(norm, Enumerable.Range(0, n).Sum(j => Math.Abs(a[i * n + j])));
        int squarings = Math.Max(0, (int)Math.Ceiling(Math.Log2(norm / 0.25)));
        var scaled = Scale(a, Math.Pow(2, -squarings));
        var result = Identity(n);
        var term = Identity(n);
        for (int p = 1; p <= 24; p++)
        {
            term = Scale(Mul(term, scaled, n, n, n), 1.0 / p);
            result = Add(result, term);
        }
        for (int s = 0; s < squarings; s++) result = Mul(result, result, n, n, n);
        return result;
    }

    private static void SwapRows(double[] m, int n, int a, int b)
    {
        if (a == b) return;
        for (int j = 0; j < n; j++) (m[a * n + j], m[b * n + j]) = (m[b * n + j], m[a * n + j]);
    }
}
