using InfiniteFcn;
using NeuralTangents.Samples;

// The infinite-width NNGP and NTK of a 3-layer ReLU network on Fashion-MNIST images, with timings. The network is
// declared for the source generator (ReluFcn, ReluFcnFloat64): its kernel is the generated fused chain.
return ImageKernelSample.Run(args, SampleOptions.Parse, SampleOptions.Usage,
    (images, options) => KernelRun.Run<float>(images, options, ReluFcn.Network, ReluFcn.KernelFn),
    (images, options) => KernelRun.Run<double>(images, options, ReluFcnFloat64.Network, ReluFcnFloat64.KernelFn));
