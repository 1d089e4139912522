using NeuralTangents.Tests.Support;
using static NeuralTangents.Tests.Predict.GpInferenceTests;

namespace NeuralTangents.Tests.Predict;

[Collection(EngineCollection.Name)]
public sealed class EnsembleFromNetworkTests(CpuEngineFixture fixture)
{
    [Fact]
    public void Ensemble_of_a_network_equals_gp_inference_on_the_networks_kernels()
    {
        var network = Stax.Serial(Stax.Dense(64, 1.5, 0.05), Stax.Relu(), Stax.Dense(1, 1.5, 0.05));
        var xTrain = TestInputs.Normal<double>(13, 5, seed: 1);
        var xTest = TestInputs.Normal<double>(4, 5, seed: 2);
        var y = TestInputs.Normal<double>(13, 2, seed: 3);
        // Tiles of 5 make the kernels come from several blocks, mirrored where x1 is x2.
        var options = fixture.Options with { TileSize = 5 };

        var ensemble = NeuralTangents.Predict.GradientDescentMseEnsemble(network, xTrain, y, diagReg: 1e-3, options: options);
        var trainTrain = network.KernelFn(xTrain, null, KernelOutputs.Both, fixture.Options);
        var testTrain = network.KernelFn(xTest, xTrain, KernelOutputs.Both, fixture.Options);
        var testTest = network.KernelFn(xTest, null, KernelOutputs.Both, fixture.Options);
        var gp = NeuralTangents.Predict.GpInference(trainTrain, y, diagReg: 1e-3);

        var converged = ensemble.Predict(double.PositiveInfinity, xTest, computeCovariance: true);
        AssertClose(gp.Ntk(testTrain, testTest).Mean.Data, converged.Ntk!.Mean, 1e-10);
        AssertClose(gp.Ntk(testTrain, testTest).Covariance!.Data, converged.Ntk.Covariance!, 1e-10);
        AssertClose(gp.Nngp(testTrain, testTest).Covariance!.Data, converged.Nngp!.Covariance!, 1e-10);

        // Finite time through the eigendecomposition: the single-network MSE predictor started from f = 0
        // has the ensemble's mean.
        var mse = NeuralTangents.Predict.GradientDescentMse(trainTrain.Ntk!, y, diagReg: 1e-3);
        AssertClose(mse.Test(40.0, testTrain.Ntk!).Data, ensemble.Predict(40.0, xTest, KernelOutputs.Ntk).Ntk!.Mean, 1e-10);
    }
}
