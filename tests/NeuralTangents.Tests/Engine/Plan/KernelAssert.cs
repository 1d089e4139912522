using System.Numerics;
using NeuralTangents;

namespace NeuralTangents.Tests.Engine.Plan;

/// <summary>Entry-by-entry comparison of kernels relative to the largest entry, naming the first entry that differs.</summary>
internal static class KernelAssert
{
    /// <summary>nngp, ntk and both variances of <paramref name="actual"/> within <paramref name="tolerance"/> of <paramref name="expected"/>.</summary>
    public static void Close<T>(Kernel<T> actual, Kernel<T> expected, double tolerance, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Nngp!.Shape, actual.Nngp!.Shape);
        Close(actual.Nngp.Data, expected.Nngp.Data, tolerance, $"nngp of {what}");
        Close(actual.Ntk!.Data, expected.Ntk!.Data, tolerance, $"ntk of {what}");
        Close(actual.Cov1!.Data, expected.Cov1!.Data, tolerance, $"cov1 of {what}");
        if (expected.Cov2 is not null) Close(actual.Cov2!.Data, expected.Cov2.Data, tolerance, $"cov2 of {what}");
        Assert.Equal(expected.IsGaussian, actual.IsGaussian);
        Assert.Equal(expected.Shape1, actual.Shape1);
    }

    /// <summary>Every value within <paramref name="tolerance"/> times the largest expected magnitude.</summary>
    public static void Close<TA, TE>(TA[] actual, TE[] expected, double tolerance, string what)
        where TA : unmanaged, IFloatingPointIeee754<TA> where TE : unmanaged, IFloatingPointIeee754<TE>
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs(double.CreateTruncating(v)));
        for (int k = 0; k < expected.Length; k++)
        {
            double e = double.CreateTruncating(expected[k]), a = double.CreateTruncating(actual[k]);
            Assert.True(Math.Abs(a - e) <= tolerance * scale, $"{what}: entry {k} is {a:R}, expected {e:R} (scale {scale:R}).");
        }
    }
}
