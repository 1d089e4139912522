namespace NeuralTangents.Samples;

/// <summary>
/// Closed-form gradient-descent dynamics of a linearized model under the loss ½·mean((f − y)²) (Neural
/// Tangents' <c>predict.gradient_descent_mse</c>, continuous time): with a = η·t/|y|,
/// f_t(train) = y + e^{−aΘ}(f_0 − y) and f_t(test) = f_0(test) + Θ*·Θ⁻¹(I − e^{−aΘ})(y − f_0(train)).
/// One eigendecomposition of Θ serves every t.
/// </summary>
public sealed class MseDynamics
{
    private readonly SymmetricEigen _eigen;
    private readonly double _learningRate;
    private readonly int _targetCount;

    /// <param name="ntkTrainTrain">Θ over the training items (N × N; the kernel is shared by every output channel).</param>
    /// <param name="learningRate">η.</param>
    /// <param name="targetCount">|y|, the number of target entries (items × channels).</param>
    public MseDynamics(double[,] ntkTrainTrain, double learningRate, int targetCount)
    {
        _eigen = new SymmetricEigen(ntkTrainTrain);
        _learningRate = learningRate;
        _targetCount = targetCount;
    }

    /// <summary>The largest stable learning rate of discrete gradient descent, 2|y|/λ_max.</summary>
    public double MaxLearningRate => 2.0 * _targetCount / _eigen.Values.Max();

    /// <summary>Training outputs after time t (t = number of steps of size η).</summary>
    public double[,] Train(double t, double[,] f0, double[,] y)
    {
        double a = _learningRate * t / _targetCount;
        var decay = _eigen.Apply(lambda => Math.Exp(-a * lambda), Matrices.Subtract(f0, y));
        var result = (double[,])y.Clone();
        for (int i = 0; i < result.GetLength(0); i++)
            for (int k = 0; k < result.GetLength(1); k++) result[i, k] += decay[i, k];
        return result;
    }

    /// <summary>Test outputs after time t (t = ∞ with <see cref="double.PositiveInfinity"/>).</summary>
    public double[,] Test(double t, double[,] f0Test, double[,] ntkTestTrain, double[,] f0Train, double[,] y)
    {
        var change = Matrices.Multiply(Transfer(t, ntkTestTrain), Matrices.Subtract(y, f0Train));
        var result = (double[,])f0Test.Clone();
        for (int i = 0; i < result.GetLength(0); i++)
            for (int k = 0; k < result.GetLength(1); k++) result[i, k] += change[i, k];
        return result;
    }

    /// <summary>A_t = Θ*·Θ⁻¹(I − e^{−aΘ}): test outputs move by A_t·(y − f_0(train)).</summary>
    public double[,] Transfer(double t, double[,] ntkTestTrain)
    {
        double a = _learningRate * t / _targetCount;
        // (1 − e^{−aλ})/λ, tending to a as λ → 0 and to 1/λ as t → ∞.
        double Gain(double lambda) => double.IsPositiveInfinity(t) ? 1 / lambda : -ExpMinusOne(-a * lambda) / lambda;
        return Matrices.Transpose(_eigen.Apply(lambda => lambda == 0 ? a : Gain(lambda), Matrices.Transpose(ntkTestTrain)));
    }

    /// <summary>e^x − 1 without cancellation for small x.</summary>
    private static double ExpMinusOne(double x) => Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;
}
