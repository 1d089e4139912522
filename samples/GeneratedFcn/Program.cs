using System.Diagnostics;
using GeneratedFcn;
using NeuralTangents;
using NeuralTangents.Samples.Data;

// A network declared with attributes, compiled by the source generator, on Fashion-MNIST: what the generator
// established at compile time, the finite network, and the fused infinite-width kernels against the interpreted path.
int count = args.Length > 0 && int.TryParse(args[0], out int parsed) ? parsed : 1000;
var data = FashionMnist.Load(count, 0);
var x = Preprocessing.Images<float>(data.Train);
Console.WriteLine($"data:     {data.SourceDescription}");
Console.WriteLine();
Console.Write(ReluNetwork.Info);
Console.WriteLine($"kernel memory for a 1000×1000 block: {ReluNetwork.Info.KernelMemoryBytes(1000, 1000) / (1 << 20)} MiB");
Console.WriteLine();

var parameters = ReluNetwork.Init(new PrngKey(0));
var outputs = ReluNetwork.Apply(parameters, x);
Console.WriteLine($"finite:   {parameters.Count} parameters, outputs {string.Join("×", outputs.Shape)}, f(x0)[0] = {outputs[0, 0]:G6}");

var watch = Stopwatch.StartNew();
var kernel = ReluNetwork.KernelFn(x);
double fused = watch.Elapsed.TotalSeconds;
watch.Restart();
var interpreted = ReluNetwork.Network.KernelFn(x);
double runtime = watch.Elapsed.TotalSeconds;

double worst = 0;
for (int i = 0; i < kernel.Ntk!.Length; i++)
    worst = Math.Max(worst, Math.Abs(kernel.Ntk.Data[i] - interpreted.Ntk!.Data[i]) / Math.Abs(interpreted.Ntk.Data[i]));
Console.WriteLine($"kernels:  {count}×{count} NNGP and NTK, fused {fused:F3} s, interpreted {runtime:F3} s (first calls include compilation)");
Console.WriteLine($"          NNGP[0,1] = {kernel.Nngp![0, 1]:G6}, NTK[0,1] = {kernel.Ntk[0, 1]:G6}; largest relative NTK difference {worst:G2}");
