using System.Numerics;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Predicting;

namespace NeuralTangents;

/// <summary>
/// Outputs of one linearized network trained by continuous-time gradient descent on MSE, at any time
/// (Neural Tangents' <c>gradient_descent_mse</c>), created by
/// <see cref="Predict.GradientDescentMse{T}(Tensor{T}, Tensor{T}, double, double, bool)"/>.
/// </summary>
/// <remarks>
/// Conventions (Neural Tangents'): the loss is ½·mean((f − y)²) over all N_y entries of y, so with
/// τ = learningRate·t and A = Θ + λI,
/// f_train(τ) = y + e^{−τA/N_y}(f_train(0) − y) and
/// f_test(τ) = f_test(0) − Θ_td A⁻¹(I − e^{−τA/N_y})(f_train(0) − y).
/// Time is in the units of the learning rate: only the product learningRate·t matters. Finite times use one
/// symmetric eigendecomposition A = Vᵀdiag(σ)V, computed on first use and reused for every t; eigenvalues
/// negative by rounding are clamped to 0 (a direction with σ = 0 uses the limit (1 − e^{−στ/N_y})/σ → τ/N_y).
/// t = +∞ uses a Cholesky factorization of A instead (also cached): f_train = y exactly (as in Neural
/// Tangents, even with λ &gt; 0; pass Θ itself as the test-train kernel to get regularized training-set
/// predictions) and f_test = f_test(0) + Θ_td A⁻¹(y − f_train(0)).
/// </remarks>
/// <typeparam name="T">The precision of the kernel; all linear algebra runs in it.</typeparam>
public sealed class GradientDescentMsePredictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T> _kernel, _yTrain;
    private readonly int _n, _outputs;
    private readonly double _learningRate;
    private readonly Lazy<SymmetricEigensystem<T>> _eigen;
    private readonly Lazy<CholeskyFactor<T>> _cholesky;

    internal GradientDescentMsePredictor(Tensor<T> kTrainTrain, Tensor<T> yTrain, double learningRate, double diagReg, bool diagRegAbsoluteScale)
    {
        _outputs = PredictArguments.Outputs(yTrain);
        _n = yTrain.Dim(0);
        PredictArguments.SquareKernel(kTrainTrain, _n, nameof(kTrainTrain));
        PredictArguments.LearningRate(learningRate);
        PredictArguments.DiagReg(diagReg);
        _kernel = kTrainTrain;
        _yTrain = yTrain;
        _learningRate = learningRate;
        Regularization = Regularizer.Absolute<T>(kTrainTrain.Data, _n, diagReg, diagRegAbsoluteScale);
        _eigen = new(() => SymmetricEigensystem<T>.Decompose(_kernel.Data, _n, Regularization, "The train-train kernel"));
        _cholesky = new(() => CholeskyFactor<T>.Factor(_kernel.Data, _n, Regularization, "The train-train kernel"));
    }

    /// <summary>The absolute regularizer λ added to the kernel's diagonal.</summary>
    public double Regularization { get; }

    /// <summary>The number of target entries N_y that normalizes the loss (and hence the time scale).</summary>
    public int TargetSize => _yTrain.Length;

    /// <summary>Training-set outputs at time <paramref name="t"/> (+∞ allowed); <paramref name="fxTrain0"/> null means zeros.</summary>
    /// <exception cref="NotPositiveDefiniteException">The regularized kernel is not positive definite (t = ∞) or has an eigenvalue negative beyond rounding.</exception>
    public Tensor<T> Train(double t, Tensor<T>? fxTrain0 = null)
    {
        PredictArguments.Time(t);
        return Strip(Train(new[] { t }, fxTrain0));
    }

    /// <summary>Training-set outputs at each time, stacked on a new leading axis.</summary>
    /// <exception cref="NotPositiveDefiniteException">As for <see cref="Train(double, Tensor{T})"/>, at any of the times.</exception>
    public Tensor<T> Train(IReadOnlyList<double> times, Tensor<T>? fxTrain0 = null)
    {
        var ts = PredictArguments.Times(times);
        PredictArguments.Outputs0(fxTrain0, _n, _outputs, _yTrain.Rank == 1, nameof(fxTrain0));
        int size = _n * _outputs;
        var result = new T[ts.Length * size];
        var residual = Residual(fxTrain0);
        T[]? moved = ts.Any(double.IsFinite) ? EigenbasisCombination(residual, ts, static (sigma, scaled) => double.ExpM1(-sigma * scaled)) : null;
        // f_train(∞) = y needs no solve, but it holds only for a positive definite A: factor it (cached) so that
        // t = ∞ is checked as every finite time and Test are.
        if (ts.Any(double.IsPositiveInfinity)) _ = _cholesky.Value;
        for (int s = 0; s < ts.Length; s++)
        {
            var target = result.AsSpan(s * size, size);
            if (double.IsPositiveInfinity(ts[s])) _yTrain.Data.CopyTo(target);
            else
            {
                // f(τ) = f(0) + Vᵀ diag(e^{−στ/N} − 1) V (f(0) − y)
                if (fxTrain0 is null) target.Clear(); else fxTrain0.Data.CopyTo(target);
                System.Numerics.Tensors.TensorPrimitives.Add(target, moved.AsSpan(s * size, size), target);
            }
        }
        return new Tensor<T>(result, Stacked(ts.Length, _n));
    }

    /// <summary>
    /// Test-set outputs at time <paramref name="t"/> (+∞ allowed) for the test items of
    /// <paramref name="kTestTrain"/> (m×n); null initial outputs mean zeros.
    /// </summary>
    /// <exception cref="NotPositiveDefiniteException">The regularized kernel is not positive definite (t = ∞) or has an eigenvalue negative beyond rounding.</exception>
    public Tensor<T> Test(double t, Tensor<T> kTestTrain, Tensor<T>? fxTrain0 = null, Tensor<T>? fxTest0 = null)
    {
        PredictArguments.Time(t);
        return Strip(Test(new[] { t }, kTestTrain, fxTrain0, fxTest0));
    }

    /// <summary>Test-set outputs at each time, stacked on a new leading axis.</summary>
    public Tensor<T> Test(IReadOnlyList<double> times, Tensor<T> kTestTrain, Tensor<T>? fxTrain0 = null, Tensor<T>? fxTest0 = null)
    {
        var ts = PredictArguments.Times(times);
        int m = PredictArguments.TestTrainKernel(kTestTrain, _n, nameof(kTestTrain));
        PredictArguments.Outputs0(fxTrain0, _n, _outputs, _yTrain.Rank == 1, nameof(fxTrain0));
        PredictArguments.Outputs0(fxTest0, m, _outputs, _yTrain.Rank == 1, nameof(fxTest0));
        int size = m * _outputs, k = _outputs;
        var residual = Residual(fxTrain0);

        // Every time's train-space vector side by side (n × (times·k)), then one product with Θ_td.
        var columns = new T[_n * ts.Length * k];
        int width = ts.Length * k;
        T[]? moved = ts.Any(double.IsFinite) ? EigenbasisCombination(residual, ts, InverseExpm1) : null;
        T[]? converged = null;
        if (ts.Any(double.IsPositiveInfinity))
        {
            // A⁻¹ (y − f(0)) by Cholesky.
            converged = new T[_n * k];
            for (int i = 0; i < converged.Length; i++) converged[i] = -residual[i];
            _cholesky.Value.Solve(converged, k);
        }
        for (int s = 0; s < ts.Length; s++)
            for (int i = 0; i < _n; i++)
            {
                var source = double.IsPositiveInfinity(ts[s]) ? converged.AsSpan(i * k, k) : moved.AsSpan((s * _n + i) * k, k);
                source.CopyTo(columns.AsSpan(i * width + s * k, k));
            }
        var product = HostMatrix.Multiply<T>(kTestTrain.Data, false, columns, false, m, _n, width);
        var result = new T[ts.Length * size];
        for (int s = 0; s < ts.Length; s++)
            for (int row = 0; row < m; row++)
            {
                var target = result.AsSpan(s * size + row * k, k);
                product.AsSpan(row * width + s * k, k).CopyTo(target);
                if (fxTest0 is not null) System.Numerics.Tensors.TensorPrimitives.Add(target, fxTest0.Data.AsSpan(row * k, k), target);
            }
        return new Tensor<T>(result, Stacked(ts.Length, m));
    }

    // (e^{−στ/N} − 1)/σ, with its limit −τ/N at σ = 0.
    private static double InverseExpm1(double sigma, double scaled) => sigma > 0 ? double.ExpM1(-sigma * scaled) / sigma : -scaled;

    private T[] Residual(Tensor<T>? fxTrain0)
    {
        var residual = new T[_n * _outputs];
        for (int i = 0; i < residual.Length; i++) residual[i] = (fxTrain0 is null ? T.Zero : fxTrain0.Data[i]) - _yTrain.Data[i];
        return residual;
    }

    // For each finite time: Vᵀ·diag(g(σ⁺, τ/N))·V·r, stacked as (times × n × k); infinite times are left zero.
    private T[] EigenbasisCombination(T[] residual, double[] times, Func<double, double, double> g)
    {
        var eigen = _eigen.Value;
        int k = _outputs, size = _n * k;
        var coordinates = eigen.ToEigenbasis(residual, k);
        var scaled = new T[_n * times.Length * k];
        int width = times.Length * k;
        for (int s = 0; s < times.Length; s++)
        {
            if (!double.IsFinite(times[s])) continue;
            double tau = _learningRate * times[s] / _yTrain.Length;
            for (int i = 0; i < _n; i++)
            {
                T factor = T.CreateTruncating(g(Math.Max(eigen.Values[i], 0), tau));
                for (int c = 0; c < k; c++) scaled[i * width + s * k + c] = factor * coordinates[i * k + c];
            }
        }
        var back = eigen.FromEigenbasis(scaled, width);
        var result = new T[times.Length * size];
        for (int s = 0; s < times.Length; s++)
            for (int i = 0; i < _n; i++)
                back.AsSpan(i * width + s * k, k).CopyTo(result.AsSpan(s * size + i * k, k));
        return result;
    }

    private int[] Stacked(int times, int rows) => _yTrain.Rank == 1 ? new[] { times, rows } : new[] { times, rows, _outputs };

    private static Tensor<T> Strip(Tensor<T> stacked)
    {
        var shape = stacked.Shape;
        return stacked.Reshape(shape[1..]);
    }
}
