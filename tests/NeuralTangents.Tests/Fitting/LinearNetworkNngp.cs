namespace NeuralTangents.Tests.Fitting;

/// <summary>
/// The NNGP of a one-layer linear network Dense(wStd, bStd) on fixed inputs X (n×d): K = wStd²·XXᵀ/d + bStd², with
/// the exact derivatives ∂K/∂wStd = 2·wStd·XXᵀ/d and ∂K/∂bStd = 2·bStd·11ᵀ. A closed-form
/// <see cref="IDifferentiableKernel{T}"/> to fit against.
/// </summary>
internal sealed class LinearNetworkNngp : IDifferentiableKernel<double>
{
    private readonly double[] _gram;

    public LinearNetworkNngp(double[] x, int n, int d, double wStd, double bStd)
    {
        N = n;
        _gram = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int p = 0; p < d; p++) dot += x[i * d + p] * x[j * d + p];
                _gram[i * n + j] = dot / d;
            }
        Hyperparameters = new[] { new KernelHyperparameter("wStd", wStd), new KernelHyperparameter("bStd", bStd) };
    }

    public int N { get; }

    /// <summary>Kernel evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Called at the start of every evaluation (to cancel from inside one).</summary>
    public Action<int>? OnEvaluate { get; set; }

    public IReadOnlyList<KernelHyperparameter> Hyperparameters { get; }

    public DifferentiatedKernel<double> Evaluate(IReadOnlyList<double> values, IReadOnlyList<int> differentiate, CancellationToken cancellationToken)
    {
        Evaluations++;
        OnEvaluate?.Invoke(Evaluations);
        cancellationToken.ThrowIfCancellationRequested();
        double w = values[0], b = values[1];
        var derivatives = differentiate.Select(index => index == 0
            ? Matrix(g => 2 * w * g)
            : Matrix(_ => 2 * b)).ToArray();
        return new DifferentiatedKernel<double>(Matrix(g => w * w * g + b * b), derivatives);
    }

    /// <summary>K + λI at the given values, as a plain array.</summary>
    public double[] Covariance(double wStd, double bStd, double lambda)
    {
        var a = Matrix(g => wStd * wStd * g + bStd * bStd).Data;
        for (int i = 0; i < N; i++) a[i * N + i] += lambda;
        return a;
    }

    /// <summary>The Gram matrix XXᵀ/d.</summary>
    public double[] Gram => (double[])_gram.Clone();

    private Tensor<double> Matrix(Func<double, double> ofGram) => new(_gram.Select(ofGram).ToArray(), N, N);
}
