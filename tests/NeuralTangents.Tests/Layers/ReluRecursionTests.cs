using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers;

[Collection(EngineCollection.Name)]
public sealed class ReluRecursionTests(CpuEngineFixture fixture)
{
    /// <summary>
    /// The arc-cosine recursion for a ReLU FCN, written independently of the library: for each layer,
    /// K ← σw²K + σb², Θ ← K + σw²Θ, then ReLU: K ← √(q1q2)/(2π)(sin θ + (π − θ)cos θ), Θ ← Θ(π − θ)/(2π).
    /// </summary>
    private static (double[,] Nngp, double[,] Ntk) Recursion(double[][] x1, double[][] x2, int hidden, double wStd, double bStd)
    {
        int n1 = x1.Length, n2 = x2.Length, d = x1[0].Length;
        var k = new double[n1, n2];
        var t = new double[n1, n2];
        var q1 = x1.Select(r => r.Sum(v => v * v) / d).ToArray();
        var q2 = x2.Select(r => r.Sum(v => v * v) / d).ToArray();
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
                k[i, j] = x1[i].Zip(x2[j], (a, b) => a * b).Sum() / d;
        double w2 = wStd * wStd, b2 = bStd * bStd;
        for (int layer = 0; layer <= hidden; layer++)
        {
            for (int i = 0; i < n1; i++)
                for (int j = 0; j < n2; j++)
                {
                    k[i, j] = w2 * k[i, j] + b2;
                    t[i, j] = k[i, j] + w2 * t[i, j];
                }
            for (int i = 0; i < n1; i++) q1[i] = w2 * q1[i] + b2;
            for (int j = 0; j < n2; j++) q2[j] = w2 * q2[j] + b2;
            if (layer == hidden) break;
            for (int i = 0; i < n1; i++)
                for (int j = 0; j < n2; j++)
                {
                    double norm = Math.Sqrt(q1[i] * q2[j]);
                    double theta = Math.Acos(Math.Clamp(k[i, j] / norm, -1, 1));
                    k[i, j] = norm / (2 * Math.PI) * (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta));
                    t[i, j] *= (Math.PI - theta) / (2 * Math.PI);
                }
            for (int i = 0; i < n1; i++) q1[i] /= 2;
            for (int j = 0; j < n2; j++) q2[j] /= 2;
        }
        return (k, t);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void Deep_relu_fcn_float64_equals_arc_cosine_recursion_to_1e10(int hidden)
    {
        var x1 = TestInputs.Normal<double>(7, 5, 1);
        var x2 = TestInputs.Normal<double>(4, 5, 2);
        var layers = new List<ILayer>();
        for (int l = 0; l < hidden; l++) { layers.Add(Stax.Dense(512, 1.5, 0.05)); layers.Add(Stax.Relu()); }
        layers.Add(Stax.Dense(10, 1.5, 0.05));
        var network = Stax.Serial(layers.ToArray());

        var kernel = network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options);
        var (nngp, ntk) = Recursion(Rows(x1), Rows(x2), hidden, 1.5, 0.05);

        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(nngp[i, j], kernel.Nngp![i, j], 1e-10 * Math.Max(1, Math.Abs(nngp[i, j])));
                Assert.Equal(ntk[i, j], kernel.Ntk![i, j], 1e-10 * Math.Max(1, Math.Abs(ntk[i, j])));
            }
    }

    private static double[][] Rows(Tensor<double> x) =>
        Enumerable.Range(0, x.Dim(0)).Select(i => Enumerable.Range(0, x.Dim(1)).Select(j => x[i, j]).ToArray()).ToArray();
}
