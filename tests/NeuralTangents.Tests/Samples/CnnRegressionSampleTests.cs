using System.Globalization;
using System.Numerics;
using System.Text.Json;
using FashionMnistRegression;
using NeuralTangents.Samples.Data;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Samples;

/// <summary>
/// The regression sample's CNN path (<c>--network cnn</c>: the kernels, the regularizers, GP inference) run on the
/// first 40 training and 20 test images of the embedded subset, against
/// <c>samples/FashionMnistRegression/cnn_regression_numpy.py</c> on the same images: an independent float64
/// implementation of the same network, preprocessing and regularizer.
/// </summary>
public sealed class CnnRegressionSampleTests
{
    private const int Train = 40, Test = 20;
    private const double DiagReg = 1e-4;

    private static readonly Lazy<Reference> NumPyResult = new(RunNumPy);

    [NumPyFact]
    public void Float64_cnn_regression_matches_numpy_kernels_regularizers_and_predictions()
    {
        var expected = NumPyResult.Value;
        var result = Fit<double>();

        // Where two windows are collinear (constant backgrounds, an image with itself) ρ ≈ 1, and arccos(ρ) resolves θ
        // only to about √ε: 1.5e-8 in double, so the two implementations agree to ~1e-9 there and to rounding elsewhere.
        AssertKernelsAndRegularizersClose(expected, result, nngpTolerance: 1e-8, ntkTolerance: 1e-8);
        // K + λI has a condition number of about 10⁵ here; the means agree to ~1e-12 (NNGP) and ~1e-9 (NTK).
        AssertClose(expected.NngpMean, result.NngpMean, 1e-7, "NNGP posterior mean");
        AssertClose(expected.NtkMean, result.NtkMean, 1e-7, "NTK posterior mean");
        var labels = Data().Test.Labels;
        Assert.Equal(expected.NngpAccuracy, Classification.Accuracy(result.NngpMean, labels));
        Assert.Equal(expected.NtkAccuracy, Classification.Accuracy(result.NtkMean, labels));
    }

    [NumPyFact]
    public void Float32_cnn_kernels_the_sample_computes_by_default_match_numpy_to_float32_rounding()
    {
        var expected = NumPyResult.Value;
        var result = Fit<float>();

        // In float32, arccos near ρ = 1 resolves θ only to about √ε ≈ 3e-4, which the NTK carries through Relu's
        // derivative (π − θ)/2π at collinear windows; NumPy's own float32 recursion is 5e-5 from float64 on these images.
        AssertKernelsAndRegularizersClose(expected, result, nngpTolerance: 1e-5, ntkTolerance: 1e-4);
    }

    private static FashionMnistData Data() => FashionMnist.Load(Train, Test, FashionMnistSource.Embedded);

    private static RegressionResult<T> Fit<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelRegression.Fit<T>(RegressionNetwork.Cnn, Data(), DiagReg, new KernelOptions(), (_, _) => { });

    /// <summary>All four kernels and both regularizers within the relative tolerances of their kind (NNGP or NTK).</summary>
    private static void AssertKernelsAndRegularizersClose<T>(Reference expected, RegressionResult<T> result, double nngpTolerance, double ntkTolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        AssertClose(expected.NngpTrain, result.TrainTrain.Nngp!, nngpTolerance, "NNGP train×train");
        AssertClose(expected.NtkTrain, result.TrainTrain.Ntk!, ntkTolerance, "NTK train×train");
        AssertClose(expected.NngpTest, result.TestTrain.Nngp!, nngpTolerance, "NNGP test×train");
        AssertClose(expected.NtkTest, result.TestTrain.Ntk!, ntkTolerance, "NTK test×train");
        Assert.Equal(expected.NngpLambda, result.NngpRegularizer, expected.NngpLambda * nngpTolerance);
        Assert.Equal(expected.NtkLambda, result.NtkRegularizer, expected.NtkLambda * ntkTolerance);
    }

    /// <summary>max |actual − expected| ≤ tolerance · max |expected|, naming the worst entry when it fails.</summary>
    private static void AssertClose<T>(double[] expected, Tensor<T> actual, double tolerance, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Data.Length);
        double scale = expected.Max(Math.Abs), worst = 0;
        int at = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double difference = Math.Abs(double.CreateTruncating(actual.Data[i]) - expected[i]);
            if (difference > worst) (worst, at) = (difference, i);
        }
        Assert.True(worst <= tolerance * scale,
            $"{what}: entry {at} is {double.CreateTruncating(actual.Data[at])}, NumPy {expected[at]}; difference {worst:G3} exceeds {tolerance:G2} × {scale:G4}.");
    }

    private static Reference RunNumPy()
    {
        string dump = Path.Combine(Path.GetTempPath(), $"cnn-regression-{Guid.NewGuid():N}.json");
        try
        {
            NumPy.RunScript("samples/FashionMnistRegression/cnn_regression_numpy.py",
                new[]
                {
                    "--train", Train.ToString(CultureInfo.InvariantCulture), "--test", Test.ToString(CultureInfo.InvariantCulture),
                    "--diag-reg", DiagReg.ToString("R", CultureInfo.InvariantCulture),
                    "--data-dir", Path.Combine(RepositoryRoot.Path, "samples", "Shared", "data"), "--dump", dump,
                },
                TimeSpan.FromMinutes(5));
            using var json = JsonDocument.Parse(File.ReadAllText(dump));
            var root = json.RootElement;
            double[] Array(string name) => root.GetProperty(name).EnumerateArray().Select(value => value.GetDouble()).ToArray();
            double Number(string name) => root.GetProperty(name).GetDouble();
            return new Reference(
                Array("nngp_train"), Array("ntk_train"), Array("nngp_test"), Array("ntk_test"),
                Number("nngp_lambda"), Number("ntk_lambda"), Array("nngp_mean"), Array("ntk_mean"),
                Number("nngp_accuracy"), Number("ntk_accuracy"));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private sealed record Reference(
        double[] NngpTrain, double[] NtkTrain, double[] NngpTest, double[] NtkTest, double NngpLambda, double NtkLambda,
        double[] NngpMean, double[] NtkMean, double NngpAccuracy, double NtkAccuracy);
}
