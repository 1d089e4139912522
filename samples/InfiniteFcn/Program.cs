using NeuralTangents;

var network = Stax.Serial(Stax.Dense(512, 1.5, 0.05), Stax.Relu(), Stax.Dense(512, 1.5, 0.05), Stax.Relu(), Stax.Dense(10, 1.5, 0.05));
var x = Tensor<float>.FromFunction(new[] { 8, 784 }, i => MathF.Sin(i * 0.37f));
var kernel = network.KernelFn(x);
Console.WriteLine($"NNGP[0,1] = {kernel.Nngp![0, 1]}, NTK[0,1] = {kernel.Ntk![0, 1]}");
