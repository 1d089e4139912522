using NeuralTangents.Samples;
using WideResNet;

// The NNGP and NTK of Neural Tangents' infinitely wide residual network on a few Fashion-MNIST images, with timings.
return ImageKernelSample.Run(args, SampleOptions.Parse, SampleOptions.Usage, KernelRun.Run<float>, KernelRun.Run<double>);
