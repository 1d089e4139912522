using System.Diagnostics;
using NeuralTangents;
using NeuralTangents.Samples.Data;

namespace DistributedKernel;

/// <summary>
/// <c>store-check</c>: a kernel larger than comfortable memory through the store and back, in four timed stages, each
/// with this process's peak resident memory (reset between stages):
/// <list type="number">
/// <item>the float32 NNGP and NTK of the README's network on --train training and --test test Fashion-MNIST images
/// together (x against itself, (train+test)² entries each) computed into a store with <see cref="KernelStore.Compute{T}"/>;</item>
/// <item>NumPy (/usr/bin/python3, <c>mmap_mode='r'</c>, <c>check_store.py</c>) reads the store and compares a subset's
/// block with the in-memory <c>KernelFn</c> of those items, and a corner block with its mirror;</item>
/// <item><see cref="Predict.GpInference{T}(StoredKernel{T}, Tensor{T}, double, bool, StoredSolverOptions?)"/> from the
/// store's train-train and test-train slices: NNGP and NTK test accuracy;</item>
/// <item>the same regression from kernels computed in memory (<see cref="Predict.GpInference{T}(Kernel{T}, Tensor{T}, double, bool)"/>),
/// one kernel at a time so that both never sit in memory together.</item>
/// </list>
/// The store is deleted at the end unless --keep. Exits with 1 when NumPy's check fails or the accuracies differ.
/// </summary>
internal static class StoreCheckCommand
{
    /// <summary>
    /// The largest relative difference allowed between the stored subset and its in-memory kernel: the store's tiles
    /// and the subset's kernel sum the input Gram products over differently sized blocks, which moves float32 entries by
    /// a few units of 6e-8 relative to the diagonal; the ReLU recursion passes that on, amplified near the diagonal.
    /// </summary>
    private const double SpotTolerance = 1e-5;

    private const double DiagReg = 1e-4;

    public static int Run(Arguments arguments)
    {
        int trainCount = arguments.Int("train", 20000), testCount = arguments.Int("test", 10000), tile = arguments.Int("tile", 2000);
        if (trainCount < 1 || testCount < 1) throw new ArgumentException($"--train and --test must be positive, got {trainCount} and {testCount}");
        if (tile < 1) throw new ArgumentException($"--tile must be positive, got {tile}");
        string root = Path.GetFullPath(arguments.Text("dir"));
        string store = Path.Combine(root, "store"), spot = Path.Combine(root, "spot");
        if (Directory.Exists(store) || Directory.Exists(spot))
            throw new ArgumentException($"--dir {root} already holds a store or spot folder; remove them or choose another --dir");

        var data = FashionMnist.Load(trainCount, testCount, arguments.Flag("embedded") ? FashionMnistSource.Embedded : FashionMnistSource.Auto);
        var xTrain = Preprocessing.Images<float>(data.Train);
        var xTest = Preprocessing.Images<float>(data.Test);
        var yTrain = Preprocessing.Targets<float>(data.Train);
        var x = new Tensor<float>([.. xTrain.Data, .. xTest.Data], trainCount + testCount, xTrain.Dim(1));
        int n = x.Dim(0);
        var network = ReadmeNetwork.Create();
        double gib = 2.0 * n * n * sizeof(float) / (1L << 30);
        Console.WriteLine($"{data.SourceDescription}; the README's FCN; {n}×{n} float32 NNGP and NTK ({gib:F2} GiB) in tiles of {tile}; "
            + $"{Environment.ProcessorCount} cores; load average {LoadAverage.Text()}");
        network.KernelFn(x.SliceRows(0, 2), null, KernelOutputs.Both);
        try
        {
            Stage("store", () =>
            {
                int lastTenth = 0;
                var progress = new SynchronousProgress<KernelProgress>(p =>
                {
                    int tenth = 10 * p.TilesDone / p.TilesTotal;
                    if (tenth == lastTenth) return;
                    lastTenth = tenth;
                    Console.WriteLine($"  {p.TilesDone}/{p.TilesTotal} tiles, {p.Elapsed.TotalSeconds:F0} s, {ProcessMemory.Read()}");
                });
                KernelStore.Compute(network, x, null, store, tileItems: tile, options: new KernelOptions { Progress = progress }).Dispose();
                long bytes = Directory.GetFiles(store).Sum(file => new FileInfo(file).Length);
                return $"{n}×{n} NNGP and NTK into {store} ({bytes / (double)(1L << 30):F2} GiB of files)";
            });

            Stage("numpy", () =>
            {
                // A subset across the kernel: the first items, both sides of the train/test boundary, the last items.
                int[] index = [.. Enumerable.Range(0, 64), .. Enumerable.Range(Math.Max(0, trainCount - 32), 64), .. Enumerable.Range(n - 64, 64)];
                index = [.. index.Where(i => i >= 0 && i < n).Distinct()];
                var subset = new Tensor<float>([.. index.SelectMany(i => x.SliceRows(i, 1).Data)], index.Length, x.Dim(1));
                var kernel = network.KernelFn(subset, null, KernelOutputs.Both);
                Directory.CreateDirectory(spot);
                NpyFile<double>.Save(Path.Combine(spot, "index.npy"), new Tensor<double>([.. index.Select(i => (double)i)], index.Length));
                NpyFile<float>.Save(Path.Combine(spot, "nngp.npy"), kernel.Nngp!);
                NpyFile<float>.Save(Path.Combine(spot, "ntk.npy"), kernel.Ntk!);
                string script = Path.Combine(AppContext.BaseDirectory, "check_store.py");
                using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, store, spot, SpotTolerance.ToString("R", System.Globalization.CultureInfo.InvariantCulture)]))!;
                python.WaitForExit();
                if (python.ExitCode != 0) throw new InvalidOperationException($"check_store.py failed (exit code {python.ExitCode}); see its lines above");
                return $"NumPy read the store and agreed with the in-memory KernelFn of {index.Length} items";
            });

            (double Nngp, double Ntk, Tensor<float>? NngpMean, Tensor<float>? NtkMean) stored = default;
            Stage("stored GP", () =>
            {
                using var all = StoredKernel<float>.Open(store);
                var gp = Predict.GpInference(all.Slice(0, trainCount, 0, trainCount), yTrain, DiagReg);
                var testTrain = all.Slice(trainCount, testCount, 0, trainCount);
                var nngp = gp.Nngp(testTrain).Mean;
                var ntk = gp.Ntk(testTrain).Mean;
                stored = (Classification.Accuracy(nngp, data.Test.Labels), Classification.Accuracy(ntk, data.Test.Labels), nngp, ntk);
                return $"GpInference from the store's {trainCount}² train-train and {testCount}×{trainCount} test-train slices "
                    + $"({gp.NngpSolve.Method}): accuracy NNGP {stored.Nngp:F4}, NTK {stored.Ntk:F4}";
            });

            bool same = false;
            Stage("memory GP", () =>
            {
                // One kernel at a time: the NNGP's train-train and test-train matrices and factor, dropped before the NTK's.
                var means = new List<Tensor<float>>();
                foreach (var get in new[] { KernelOutputs.Nngp, KernelOutputs.Ntk })
                {
                    var gp = Predict.GpInference(network.KernelFn(xTrain, null, get), yTrain, DiagReg);
                    var testTrain = network.KernelFn(xTest, xTrain, get);
                    means.Add(get == KernelOutputs.Nngp ? gp.Nngp(testTrain).Mean : gp.Ntk(testTrain).Mean);
                    GC.Collect();
                }
                double nngp = Classification.Accuracy(means[0], data.Test.Labels), ntk = Classification.Accuracy(means[1], data.Test.Labels);
                same = nngp == stored.Nngp && ntk == stored.Ntk;
                return $"GpInference in memory: accuracy NNGP {nngp:F4}, NTK {ntk:F4}; "
                    + $"max |stored - in-memory mean| NNGP {MaxDifference(stored.NngpMean!, means[0]):G3}, NTK {MaxDifference(stored.NtkMean!, means[1]):G3}"
                    + (same ? "; same accuracy" : "; ACCURACY DIFFERS");
            });
            return same ? 0 : 1;
        }
        finally
        {
            if (!arguments.Flag("keep"))
                foreach (var folder in new[] { store, spot })
                    if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static void Stage(string name, Func<string> run)
    {
        GC.Collect();
        bool reset = ProcessMemory.ResetPeak();
        var clock = Stopwatch.StartNew();
        string what = run();
        Console.WriteLine($"{name + ":",-11} {clock.Elapsed.TotalSeconds,8:F1} s  {what}");
        Console.WriteLine($"{"",-11} {ProcessMemory.Read()}{(reset ? " (peak of this stage)" : " (peak of the process so far)")}; load average {LoadAverage.Text()}");
    }

    private static double MaxDifference(Tensor<float> a, Tensor<float> b) =>
        a.Data.Zip(b.Data).Max(pair => Math.Abs((double)pair.First - pair.Second));
}
