using System.Numerics;
using System.Runtime.CompilerServices;
using NeuralTangents.Layers;
using NeuralTangents.Validation;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>What an empirical kernel function was built with.</summary>
internal sealed record EmpiricalSettings(LayerBase Network, int[] TraceAxes, int[] DiagonalAxes, NtkImplementation Implementation)
{
    public static EmpiricalSettings Create(ILayer network, int[]? traceAxes, int[]? diagonalAxes, NtkImplementation implementation)
    {
        if (!Enum.IsDefined(implementation))
            throw new ArgumentOutOfRangeException(nameof(implementation), implementation, "Expected JacobianContraction (1), NtkVectorProducts (2) or StructuredDerivatives (3).");
        return new EmpiricalSettings(LayerBase.From(network, nameof(network)), (int[])(traceAxes ?? new[] { -1 }).Clone(),
            (int[])(diagonalAxes ?? Array.Empty<int>()).Clone(), implementation);
    }
}

/// <summary>
/// Runs an empirical kernel computation: validates the inputs, lays out the result (<see cref="OutputAxes"/>),
/// chooses a batch size from the memory estimate (<see cref="EmpiricalCost"/>), and accumulates block by block.
/// </summary>
internal static class EmpiricalComputation
{
    public static EmpiricalKernel<T> Run<T>(EmpiricalSettings settings, Tensor<T> x1, Tensor<T>? x2, Parameters<T> parameters, KernelOutputs get,
        EmpiricalOptions? options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(parameters);
        options ??= EmpiricalOptions.Default;
        Guard.MinRank(x1, 2, nameof(x1), "items × features");
        Guard.AllFinite(x1, nameof(x1));
        if (x2 is not null)
        {
            if (x2.Rank != x1.Rank || !x2.Shape.AsSpan(1).SequenceEqual(x1.Shape.AsSpan(1)))
                throw new ArgumentException($"x2 must have the feature shape of x1: x1 has shape {x1.ShapeText}, x2 has shape {x2.ShapeText}.", nameof(x2));
            Guard.AllFinite(x2, nameof(x2));
        }
        if (options.BatchSize is int size && size < 1)
            throw new ArgumentOutOfRangeException(nameof(options), size, "EmpiricalOptions.BatchSize must be at least 1.");
        if ((get & KernelOutputs.Both) == 0)
            throw new ArgumentOutOfRangeException(nameof(get), get, "Request Nngp, Ntk or Both.");

        var network = settings.Network;
        var second = x2 ?? x1;
        var axes = OutputAxes.Create(network.OutputShape(x1.Shape), network.OutputShape(second.Shape), settings.TraceAxes, settings.DiagonalAxes);
        bool wantNngp = (get & KernelOutputs.Nngp) != 0, wantNtk = (get & KernelOutputs.Ntk) != 0;
        int n1 = x1.Dim(0), n2 = second.Dim(0);
        int batch = n1 == 0 || n2 == 0 ? 1 : ChooseBatch(network, parameters, x1, axes, wantNngp, wantNtk ? settings.Implementation : null, n1, n2, options);

        var nngp = wantNngp ? new T[axes.ResultLength] : null;
        var ntk = wantNtk ? new T[axes.ResultLength] : null;
        foreach (var (start1, count1, start2, count2) in Blocks(n1, n2, batch, axes.BatchCoupled))
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            var layout = axes.Block(start1, count1, start2, count2);
            var block1 = x1.SliceRows(start1, count1);
            bool same = x2 is null && start1 == start2 && count1 == count2;
            var block2 = same ? block1 : second.SliceRows(start2, count2);
            if (nngp is not null)
            {
                var f1 = network.Forward(parameters, new[] { block1 }, out _)[0];
                var f2 = same ? f1 : network.Forward(parameters, new[] { block2 }, out _)[0];
                RowContraction.Accumulate(f1.Data, f2.Data, 1, layout, nngp);
            }
            if (ntk is not null)
            {
                switch (settings.Implementation)
                {
                    case NtkImplementation.JacobianContraction:
                        JacobianContraction.Accumulate(network, parameters, block1, block2, same, layout, ntk);
                        break;
                    case NtkImplementation.NtkVectorProducts:
                        NtkVectorProducts.Accumulate(network, parameters, block1, block2, layout, axes.BatchCoupled, ntk);
                        break;
                    default:
                        StructuredDerivatives.Accumulate(network, parameters, block1, block2, same, layout, ntk);
                        break;
                }
            }
        }
        return new EmpiricalKernel<T>
        {
            Nngp = nngp is null ? null : Normalize(nngp, axes),
            Ntk = ntk is null ? null : Normalize(ntk, axes),
        };
    }

    private static int ChooseBatch<T>(LayerBase network, Parameters<T> parameters, Tensor<T> x1, OutputAxes axes, bool nngp, NtkImplementation? ntk,
        int n1, int n2, EmpiricalOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long allowed = options.MaxMemoryBytes ?? (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);
        long resultBytes = axes.ResultLength * Unsafe.SizeOf<T>() * ((nngp ? 1 : 0) + (ntk is null ? 0 : 1));
        if (resultBytes > allowed)
            throw new InsufficientMemoryException(
                $"The empirical kernel of shape [{string.Join(", ", axes.ResultShape)}] needs {resultBytes:N0} bytes but {allowed:N0} are allowed; " +
                "trace or diagonalize more output axes, use fewer inputs, or raise EmpiricalOptions.MaxMemoryBytes.");
        var cost = EmpiricalCost.Probe(network, parameters, x1);
        int largest = Math.Max(n1, n2);
        long Bytes(int b) => resultBytes + cost.BlockBytes(Math.Min(b, n1), Math.Min(b, n2), nngp, ntk);
        if (options.BatchSize is int requested)
        {
            int b = Math.Min(requested, largest);
            if (Bytes(b) > allowed)
                throw new InsufficientMemoryException(
                    $"Blocks of {b} items need about {Bytes(b):N0} bytes (result included) but {allowed:N0} are allowed; use a smaller EmpiricalOptions.BatchSize or raise MaxMemoryBytes.");
            return b;
        }
        int batch = largest;
        while (batch > 1 && Bytes(batch) > allowed) batch = (batch + 1) / 2;
        if (Bytes(batch) > allowed)
            throw new InsufficientMemoryException(
                $"Even one item per block needs about {Bytes(1):N0} bytes (result included) but {allowed:N0} are allowed; raise EmpiricalOptions.MaxMemoryBytes, " +
                "trace more output axes, or use NtkImplementation.NtkVectorProducts, which never holds a Jacobian.");
        return batch;
    }

    private static IEnumerable<(int Start1, int Count1, int Start2, int Count2)> Blocks(int n1, int n2, int batch, bool coupled)
    {
        for (int start1 = 0; start1 < n1; start1 += batch)
        {
            int count1 = Math.Min(batch, n1 - start1);
            if (coupled)
            {
                yield return (start1, count1, start1, count1);
                continue;
            }
            for (int start2 = 0; start2 < n2; start2 += batch) yield return (start1, count1, start2, Math.Min(batch, n2 - start2));
        }
    }

    private static Tensor<T> Normalize<T>(T[] values, OutputAxes axes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (axes.TraceSize > 1)
        {
            var scale = T.One / T.CreateTruncating(axes.TraceSize);
            System.Numerics.Tensors.TensorPrimitives.Multiply<T>(values, scale, values);
        }
        return new Tensor<T>(values, axes.ResultShape);
    }
}
