using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Predict.Stored;

[Collection(EngineCollection.Name)]
public sealed class StoredPredictTests(CpuEngineFixture fixture) : IDisposable
{
    private readonly string _folder = NumPy.TemporaryFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ILayer Network => Stax.Serial(Stax.Dense(32, wStd: 1.4, bStd: 0.2), Stax.Erf(), Stax.Dense(1, wStd: 1.4, bStd: 0.2));

    private readonly Tensor<double> _xTrain = TestInputs.Normal<double>(24, 5, 11), _xTest = TestInputs.Normal<double>(9, 5, 12), _y = TestInputs.Normal<double>(24, 3, 13);

    private (StoredKernel<double> TrainTrain, StoredKernel<double> TestTrain) Store(int tileItems = 7) =>
        (KernelStore.Compute(Network, _xTrain, null, Path.Combine(_folder, "train"), tileItems: tileItems, options: fixture.Options),
         KernelStore.Compute(Network, _xTest, _xTrain, Path.Combine(_folder, "test"), tileItems: tileItems, options: fixture.Options));

    [Fact]
    public void Gp_inference_means_from_a_store_equal_the_in_memory_means()
    {
        var (trainTrain, testTrain) = Store();
        using (trainTrain)
        using (testTrain)
        {
            var inMemory = NeuralTangents.Predict.GpInference(Network.KernelFn(_xTrain, options: fixture.Options), _y, diagReg: 1e-3);
            var kTestTrain = Network.KernelFn(_xTest, _xTrain, options: fixture.Options);
            var stored = NeuralTangents.Predict.GpInference(trainTrain, _y, diagReg: 1e-3);
            AssertClose(inMemory.Nngp(kTestTrain).Mean, stored.Nngp(testTrain).Mean, 1e-9);
            AssertClose(inMemory.Ntk(kTestTrain).Mean, stored.Ntk(testTrain).Mean, 1e-9);
            Assert.Equal((StoredSolveMethod.Cholesky, 0), stored.NtkSolve);
            Assert.Equal(inMemory.NtkRegularizer, stored.NtkRegularizer, 12);
            Assert.Equal(_y.Data, stored.Nngp().Mean.Data);
        }
    }

    [Fact]
    public void Conjugate_gradients_over_row_blocks_reach_the_cholesky_means_within_the_tolerance()
    {
        var (trainTrain, testTrain) = Store();
        using (trainTrain)
        using (testTrain)
        {
            var cholesky = NeuralTangents.Predict.GpInference(trainTrain, _y, diagReg: 1e-2, solver: new() { Method = StoredSolveMethod.Cholesky });
            // A budget of about 5 rows makes each product read the matrix in 5 blocks.
            var blocked = NeuralTangents.Predict.GpInference(trainTrain, _y, diagReg: 1e-2,
                solver: new() { MemoryBudgetBytes = 5 * 24 * 16, Tolerance = 1e-12, MaxIterations = 200 });
            AssertClose(cholesky.Ntk(testTrain).Mean, blocked.Ntk(testTrain).Mean, 1e-8);
            AssertClose(cholesky.Nngp(testTrain).Mean, blocked.Nngp(testTrain).Mean, 1e-8);
            Assert.Equal(StoredSolveMethod.ConjugateGradient, blocked.NtkSolve.Method);
            Assert.InRange(blocked.NtkSolve.Iterations, 2, 200);
        }
    }

    [Fact]
    public void Gradient_descent_to_convergence_from_a_store_equals_the_in_memory_predictor_with_initial_outputs()
    {
        var (trainTrain, testTrain) = Store();
        using (trainTrain)
        using (testTrain)
        {
            var fxTrain0 = TestInputs.Normal<double>(24, 3, 14);
            var fxTest0 = TestInputs.Normal<double>(9, 3, 15);
            var ntk = Network.KernelFn(_xTrain, options: fixture.Options).Ntk!;
            var kTestTrain = Network.KernelFn(_xTest, _xTrain, options: fixture.Options).Ntk!;
            var expected = NeuralTangents.Predict.GradientDescentMse(ntk, _y, diagReg: 1e-3).Test(double.PositiveInfinity, kTestTrain, fxTrain0, fxTest0);
            foreach (var method in new[] { StoredSolveMethod.Cholesky, StoredSolveMethod.ConjugateGradient })
            {
                var stored = NeuralTangents.Predict.GradientDescentMseConverged(trainTrain.Ntk!, _y, diagReg: 1e-3,
                    solver: new() { Method = method, Tolerance = 1e-13, MaxIterations = 500 });
                AssertClose(expected, stored.Test(testTrain.Ntk!, fxTrain0, fxTest0), 1e-7);
                Assert.Equal(method, stored.Method);
            }
        }
    }

    [Theory]
    [InlineData(StoredSolveMethod.Cholesky)]
    [InlineData(StoredSolveMethod.ConjugateGradient)]
    public void Gp_inference_from_slices_of_one_train_and_test_kernel_equals_the_in_memory_means(StoredSolveMethod method)
    {
        // One store of the training and test items together against themselves, as a large job computes it: the
        // train-train and test-train kernels are its blocks. Its tiles (7 items) cut across the train/test boundary.
        var both = new Tensor<double>([.. _xTrain.Data, .. _xTest.Data], 24 + 9, 5);
        using var all = KernelStore.Compute(Network, both, null, Path.Combine(_folder, "all"), tileItems: 7, options: fixture.Options);
        var trainTrain = all.Slice(0, 24, 0, 24);
        var testTrain = all.Slice(24, 9, 0, 24);
        Assert.Equal(new[] { 9, 24 }, testTrain.Ntk!.Shape);
        var inMemory = NeuralTangents.Predict.GpInference(Network.KernelFn(_xTrain, options: fixture.Options), _y, diagReg: 1e-3);
        var kTestTrain = Network.KernelFn(_xTest, _xTrain, options: fixture.Options);
        var stored = NeuralTangents.Predict.GpInference(trainTrain, _y, diagReg: 1e-3, solver: new() { Method = method, Tolerance = 1e-13, MaxIterations = 500, MemoryBudgetBytes = 5 * 24 * 16 * (method == StoredSolveMethod.Cholesky ? 100 : 1) });
        // Cholesky: the same factorization of entries that differ only in the rounding of differently sized Gram
        // blocks; conjugate gradients stop at 1e-13 relative residual (the bound the row-block test above uses).
        double tolerance = method == StoredSolveMethod.Cholesky ? 1e-9 : 1e-8;
        AssertClose(inMemory.Nngp(kTestTrain).Mean, stored.Nngp(testTrain).Mean, tolerance);
        AssertClose(inMemory.Ntk(kTestTrain).Mean, stored.Ntk(testTrain).Mean, tolerance);
        Assert.Equal(method, stored.NtkSolve.Method);
        Assert.Equal(inMemory.NngpRegularizer, stored.NngpRegularizer, 12);
        Assert.Equal(all.Cov1!.SliceRows(24, 9).ToTensor().Data, testTrain.Cov1!.ToTensor().Data);
        Assert.Equal(all.Cov1.SliceRows(0, 24).ToTensor().Data, testTrain.Cov2!.ToTensor().Data);
    }

    [Fact]
    public void Cholesky_of_a_matrix_over_the_budget_is_refused_naming_the_file_and_budget()
    {
        using var trainTrain = Store().TrainTrain;
        var error = Assert.Throws<InsufficientMemoryException>(() =>
            NeuralTangents.Predict.GradientDescentMseConverged(trainTrain.Ntk!, _y, solver: new() { Method = StoredSolveMethod.Cholesky, MemoryBudgetBytes = 1000 }));
        Assert.Contains(trainTrain.Ntk!.FilePath, error.Message);
        Assert.Contains("budget of 1000 bytes", error.Message);
    }

    [Fact]
    public void Conjugate_gradients_that_do_not_converge_say_so_with_the_iteration_limit()
    {
        using var trainTrain = Store().TrainTrain;
        var predictor = NeuralTangents.Predict.GpInference(trainTrain, _y, diagReg: 1e-6,
            solver: new() { Method = StoredSolveMethod.ConjugateGradient, MaxIterations = 2, Tolerance = 1e-14 });
        var error = Assert.Throws<InvalidOperationException>(() => predictor.Ntk());
        Assert.Contains("within 2 iterations", error.Message);
    }

    [Fact]
    public void Stored_kernel_with_a_non_finite_entry_is_refused_naming_the_file_and_entry()
    {
        string path = Path.Combine(_folder, "nan.npy");
        var matrix = Tensor<double>.FromFunction(new[] { 3, 3 }, i => i % 4 == 0 ? 2 : 0.1);
        matrix[2, 1] = double.NaN;
        NpyFile<double>.Save(path, matrix);
        using var file = NpyFile<double>.Open(path);
        var predictor = NeuralTangents.Predict.GradientDescentMseConverged(file, Tensor<double>.Zeros(3), solver: new() { Method = StoredSolveMethod.ConjugateGradient });
        var error = Assert.Throws<ArgumentException>(() => predictor.Test(file, fxTrain0: Tensor<double>.FromFunction(new[] { 3 }, i => 1)));
        Assert.Contains(path, error.Message);
        Assert.Contains("entry [2, 1] is NaN", error.Message);
    }

    [Fact]
    public void Train_train_kernel_of_the_wrong_size_is_refused_naming_both_shapes()
    {
        using var trainTrain = Store().TrainTrain;
        var error = Assert.Throws<ArgumentException>(() => NeuralTangents.Predict.GradientDescentMseConverged(trainTrain.Ntk!, Tensor<double>.Zeros(20)));
        Assert.Contains("20×20", error.Message);
        Assert.Contains("(24, 24)", error.Message);
    }

    [Fact]
    public void Gp_inference_refuses_a_stored_kernel_of_another_size_when_created()
    {
        using var trainTrain = Store().TrainTrain;
        var error = Assert.Throws<ArgumentException>(() => NeuralTangents.Predict.GpInference(trainTrain, Tensor<double>.Zeros(20, 3)));
        Assert.Contains("20×20", error.Message);
        Assert.Contains("(24, 24)", error.Message);
    }

    private static void AssertClose(Tensor<double> expected, Tensor<double> actual, double tolerance)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        double scale = expected.Data.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= tolerance * scale, $"entry {i}: {actual.Data[i]} against {expected.Data[i]}");
    }
}
