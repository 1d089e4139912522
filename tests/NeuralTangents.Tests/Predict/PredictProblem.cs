namespace NeuralTangents.Tests.Predict;

/// <summary>
/// A small synthetic regression problem with valid kernels: features φ(x) of n + m items, NNGP = φφᵀ/d
/// (+ a bias) and NTK = a different PSD kernel of the same items (φ and φ² features), so that the joint
/// (train + test) matrices are positive semidefinite as real kernels are.
/// </summary>
internal sealed class PredictProblem
{
    public PredictProblem(int n, int m, int outputs, int seed = 1)
    {
        N = n;
        M = m;
        Outputs = outputs;
        var random = new System.Random(seed);
        int total = n + m, d = 40;
        var features = new double[total * d];
        for (int i = 0; i < features.Length; i++) features[i] = random.NextDouble() * 2 - 1;
        Nngp = Gram(features, total, d, x => x, 0.3);
        Ntk = Gram(features, total, d, x => x + 0.5 * x * x * x, 0.7);
        for (int i = 0; i < total * total; i++) Ntk[i] += Nngp[i];
        Y = Enumerable.Range(0, n * outputs).Select(_ => random.NextDouble() - 0.5).ToArray();
        FxTrain0 = Enumerable.Range(0, n * outputs).Select(_ => 0.3 * (random.NextDouble() - 0.5)).ToArray();
        FxTest0 = Enumerable.Range(0, m * outputs).Select(_ => 0.3 * (random.NextDouble() - 0.5)).ToArray();
    }

    public int N { get; }
    public int M { get; }
    public int Outputs { get; }

    /// <summary>Joint (n+m)×(n+m) kernels, training items first.</summary>
    public double[] Nngp { get; }
    public double[] Ntk { get; }
    public double[] Y { get; }
    public double[] FxTrain0 { get; }
    public double[] FxTest0 { get; }

    public double[] TrainTrain(double[] joint) => Block(joint, 0, N, 0, N);
    public double[] TestTrain(double[] joint) => Block(joint, N, M, 0, N);
    public double[] TestTest(double[] joint) => Block(joint, N, M, N, M);

    public Kernel<T> KernelTrainTrain<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => Kernel<T>(TrainTrain(Nngp), TrainTrain(Ntk), N, N);
    public Kernel<T> KernelTestTrain<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => Kernel<T>(TestTrain(Nngp), TestTrain(Ntk), M, N);
    public Kernel<T> KernelTestTest<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => Kernel<T>(TestTest(Nngp), TestTest(Ntk), M, M);

    public Tensor<T> YTensor<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => Tensor<T>(Y, N, Outputs);

    public static Tensor<T> Tensor<T>(double[] data, params int[] shape) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new(data.Select(T.CreateTruncating).ToArray(), shape);

    public static Kernel<T> Kernel<T>(double[]? nngp, double[]? ntk, int rows, int cols) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => new()
    {
        Nngp = nngp is null ? null : Tensor<T>(nngp, rows, cols),
        Ntk = ntk is null ? null : Tensor<T>(ntk, rows, cols),
        Cov1 = Tensor<T>(new double[rows], rows),
        Shape1 = new[] { rows, 1 },
        Shape2 = new[] { cols, 1 },
    };

    private double[] Block(double[] joint, int r0, int rows, int c0, int cols)
    {
        int total = N + M;
        var b = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) b[i * cols + j] = joint[(r0 + i) * total + c0 + j];
        return b;
    }

    private static double[] Gram(double[] x, int count, int d, Func<double, double> feature, double bias)
    {
        var g = new double[count * count];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < count; j++)
            {
                double sum = 0;
                for (int p = 0; p < d; p++) sum += feature(x[i * d + p]) * feature(x[j * d + p]);
                g[i * count + j] = sum / d + bias;
            }
        return g;
    }
}
