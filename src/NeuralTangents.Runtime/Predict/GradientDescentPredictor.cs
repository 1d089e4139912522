using System.Numerics;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Numerics;
using NeuralTangents.Predicting;

namespace NeuralTangents;

/// <summary>
/// Outputs of a linearized network trained by continuous-time gradient descent, optionally with heavy-ball
/// momentum, on any differentiable <see cref="Loss"/> (Neural Tangents' <c>gradient_descent</c>), created by
/// <see cref="Predict.GradientDescent{T}(Loss, Tensor{T}, Tensor{T}, double, double?, double, double)"/> or
/// <see cref="Predict.Momentum{T}(Loss, Tensor{T}, Tensor{T}, double, double, double, double)"/>.
/// </summary>
/// <remarks>
/// The function-space ODE, with g = ∇_f L(f_train, y):
/// plain gradient descent df_train/dτ = −Θ_dd g, df_test/dτ = −Θ_td g with τ = learningRate·t;
/// momentum m (heavy ball, not Nesterov) df/dτ = q, dq/dτ = −Θ g + μ·q with μ = (m − 1)/√learningRate and
/// τ = √learningRate·t, so for momentum the learning rate and the time are not interchangeable.
/// Integrated in double precision by an adaptive Dormand–Prince 5(4) method (as JAX's <c>odeint</c>, with the
/// same default tolerances 1.4·10⁻⁸) through the requested times, which must be finite and non-decreasing.
/// </remarks>
/// <typeparam name="T">The precision of the kernels and outputs.</typeparam>
public sealed class GradientDescentPredictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Loss _loss;
    private readonly double[] _kernel, _y;
    private readonly Tensor<T> _yTrain;
    private readonly int _n, _outputs;
    private readonly double _timeScale, _mu, _rtol, _atol;

    internal GradientDescentPredictor(Loss loss, Tensor<T> kTrainTrain, Tensor<T> yTrain, double learningRate, double? momentum,
        double relativeTolerance, double absoluteTolerance)
    {
        ArgumentNullException.ThrowIfNull(loss);
        _outputs = PredictArguments.Outputs(yTrain);
        _n = yTrain.Dim(0);
        PredictArguments.SquareKernel(kTrainTrain, _n, nameof(kTrainTrain));
        PredictArguments.LearningRate(learningRate);
        if (momentum is { } m && !(m >= 0 && m < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        if (!(relativeTolerance > 0) || !(absoluteTolerance > 0))
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), (relativeTolerance, absoluteTolerance), "ODE tolerances must be positive.");
        _loss = loss;
        _kernel = ToDouble(kTrainTrain);
        _yTrain = yTrain;
        _y = ToDouble(yTrain);
        Momentum = momentum;
        _timeScale = momentum is null ? learningRate : Math.Sqrt(learningRate);
        _mu = momentum is { } value ? (value - 1) / Math.Sqrt(learningRate) : 0;
        _rtol = relativeTolerance;
        _atol = absoluteTolerance;
    }

    /// <summary>The momentum coefficient, or null for plain gradient descent.</summary>
    public double? Momentum { get; }

    /// <summary>The loss being minimized.</summary>
    public Loss Loss => _loss;

    /// <summary>
    /// The state at time <paramref name="t"/>, starting from outputs <paramref name="fxTrain0"/> (null: zeros) and,
    /// when <paramref name="kTestTrain"/> (m×n) is given, test outputs <paramref name="fxTest0"/> (null: zeros).
    /// </summary>
    public OdeState<T> Predict(double t, Tensor<T>? fxTrain0 = null, Tensor<T>? fxTest0 = null, Tensor<T>? kTestTrain = null) =>
        Predict(new[] { t }, fxTrain0, fxTest0, kTestTrain)[0];

    /// <summary>The states at each of <paramref name="times"/> (finite, non-decreasing), from outputs at t = 0.</summary>
    public IReadOnlyList<OdeState<T>> Predict(IReadOnlyList<double> times, Tensor<T>? fxTrain0 = null, Tensor<T>? fxTest0 = null, Tensor<T>? kTestTrain = null)
    {
        if (fxTest0 is not null && kTestTrain is null)
            throw new ArgumentException("fxTest0 was given without kTestTrain, which the test-set dynamics need.", nameof(kTestTrain));
        var fxTrain = fxTrain0 ?? Tensor<T>.Zeros(_yTrain.Shape);
        Tensor<T>? fxTest = null;
        if (kTestTrain is not null)
        {
            int m = PredictArguments.TestTrainKernel(kTestTrain, _n, nameof(kTestTrain));
            fxTest = fxTest0 ?? Tensor<T>.Zeros(_yTrain.Rank == 1 ? new[] { m } : new[] { m, _outputs });
        }
        return Predict(times, new OdeState<T>(fxTrain, fxTest), kTestTrain);
    }

    /// <summary>
    /// The states at each of <paramref name="times"/> (finite, non-decreasing), resuming from
    /// <paramref name="state0"/> at t = 0 (velocities null mean zero; they are not allowed without momentum).
    /// </summary>
    public IReadOnlyList<OdeState<T>> Predict(IReadOnlyList<double> times, OdeState<T> state0, Tensor<T>? kTestTrain = null)
    {
        ArgumentNullException.ThrowIfNull(state0);
        var ts = PredictArguments.Times(times);
        for (int i = 0; i < ts.Length; i++)
        {
            if (!double.IsFinite(ts[i]))
                throw new ArgumentOutOfRangeException(nameof(times), ts[i], "The ODE is integrated to finite times only; for t = ∞ with MSE use Predict.GradientDescentMse.");
            if (i > 0 && ts[i] < ts[i - 1])
                throw new ArgumentException($"Times must be non-decreasing, but {ts[i]} follows {ts[i - 1]}.", nameof(times));
        }
        bool vector = _yTrain.Rank == 1;
        PredictArguments.Outputs0(state0.FxTrain, _n, _outputs, vector, "state0.FxTrain");
        if (Momentum is null && (state0.QxTrain is not null || state0.QxTest is not null))
            throw new ArgumentException("state0 holds momentum velocities but this predictor has no momentum.", nameof(state0));
        PredictArguments.Outputs0(state0.QxTrain, _n, _outputs, vector, "state0.QxTrain");
        int m = 0;
        double[]? kTd = null;
        if (state0.FxTest is not null)
        {
            if (kTestTrain is null) throw new ArgumentException("state0 has test outputs but kTestTrain was not given.", nameof(kTestTrain));
            m = PredictArguments.TestTrainKernel(kTestTrain, _n, nameof(kTestTrain));
            PredictArguments.Outputs0(state0.FxTest, m, _outputs, vector, "state0.FxTest");
            PredictArguments.Outputs0(state0.QxTest, m, _outputs, vector, "state0.QxTest");
            kTd = ToDouble(kTestTrain);
        }

        int train = _n * _outputs, test = m * _outputs;
        bool momentum = Momentum is not null;
        var y0 = new double[(train + test) * (momentum ? 2 : 1)];
        Copy(state0.FxTrain, y0, 0);
        if (state0.FxTest is not null) Copy(state0.FxTest, y0, train);
        if (momentum)
        {
            if (state0.QxTrain is not null) Copy(state0.QxTrain, y0, train + test);
            if (state0.QxTest is not null) Copy(state0.QxTest, y0, 2 * train + test);
        }

        var gradient = new double[train];
        var force = new double[train + test];
        void Derivative(double tau, double[] state, double[] rate)
        {
            _loss.Gradient(state.AsSpan(0, train), _y, _outputs, gradient);
            // force = −Θ·g on both sets.
            Blas.Gemm(false, false, _n, _outputs, _n, -1.0, _kernel, _n, gradient, _outputs, 0.0, force.AsSpan(0, train), _outputs);
            if (kTd is not null) Blas.Gemm(false, false, m, _outputs, _n, -1.0, kTd, _n, gradient, _outputs, 0.0, force.AsSpan(train, test), _outputs);
            if (!momentum)
            {
                force.CopyTo(rate, 0);
                return;
            }
            int size = train + test;
            for (int i = 0; i < size; i++)
            {
                rate[i] = state[size + i];
                rate[size + i] = force[i] + _mu * state[size + i];
            }
        }

        var scaled = ts.Select(t => t * _timeScale).ToArray();
        var states = DormandPrince.Integrate(Derivative, y0, 0, scaled, _rtol, _atol);
        var trainShape = _yTrain.Shape;
        int[] testShape = vector ? new[] { m } : new[] { m, _outputs };
        return states.Select(s => new OdeState<T>(
            Slice(s, 0, train, trainShape),
            state0.FxTest is null ? null : Slice(s, train, test, testShape),
            momentum ? Slice(s, train + test, train, trainShape) : null,
            momentum && state0.FxTest is not null ? Slice(s, 2 * train + test, test, testShape) : null)).ToArray();
    }

    private static double[] ToDouble(Tensor<T> tensor)
    {
        var result = new double[tensor.Length];
        for (int i = 0; i < result.Length; i++) result[i] = double.CreateTruncating(tensor.Data[i]);
        return result;
    }

    private static void Copy(Tensor<T> source, double[] target, int offset)
    {
        for (int i = 0; i < source.Length; i++) target[offset + i] = double.CreateTruncating(source.Data[i]);
    }

    private static Tensor<T> Slice(double[] state, int offset, int length, int[] shape)
    {
        var data = new T[length];
        for (int i = 0; i < length; i++) data[i] = T.CreateTruncating(state[offset + i]);
        return new Tensor<T>(data, shape);
    }
}
