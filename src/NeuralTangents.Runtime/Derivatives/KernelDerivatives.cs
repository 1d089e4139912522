using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents;

/// <summary>
/// Exact derivatives of a network's infinite-width kernels with respect to its hyperparameters (<see cref="Compute{T}"/>)
/// and to its first input (<see cref="ByInputs{T}"/>) (beyond Neural
/// Tangents, which users differentiate with JAX's autodiff through <c>kernel_fn</c>). Forward mode through the
/// pair-major plan: the kernel's own steps carry one tangent per hyperparameter (or input feature) beside the nngp and ntk, with the
/// closed-form derivative maps of every nonlinearity's dual, so the derivatives are exact to rounding and finite at
/// ρ = 1 on the kernel's diagonal.
/// </summary>
/// <remarks>
/// Covered: the networks the plan covers on the host — Dense, Conv, the closed-form nonlinearities, LayerNorm over
/// channels, Flatten, global and window pooling, Identity, test-mode Dropout, FanOut/Parallel/FanInSum — ending without
/// spatial axes. Layers outside it raise <see cref="NotSupportedException"/> naming the layer. The computation runs on the CPU whatever
/// <see cref="KernelOptions.Engine"/> says; this first version runs each step over a block's rows one rule at a time
/// rather than fused, so it is slower than <see cref="ILayer.KernelFn{T}"/> by more than the tangents' own cost.
/// </remarks>
public static class KernelDerivatives
{
    /// <summary>
    /// The kernel of <paramref name="network"/> for <paramref name="x1"/> against <paramref name="x2"/> (x1 itself when
    /// null) and its derivatives with respect to each of <paramref name="hyperparameters"/> (all of
    /// <see cref="Hyperparameter.Of"/> when null).
    /// </summary>
    /// <exception cref="ArgumentException">Inputs of the wrong shape, or a hyperparameter the network does not have.</exception>
    /// <exception cref="NotSupportedException">A layer without a pair-major rule, or an output with spatial axes.</exception>
    /// <exception cref="KernelDerivativeException">A derivative that does not exist (the arc-cosine family at ρ = ±1 between different inputs).</exception>
    public static KernelWithDerivatives<T> Compute<T>(ILayer network, Tensor<T> x1, Tensor<T>? x2 = null, IReadOnlyList<Hyperparameter>? hyperparameters = null,
        KernelOutputs get = KernelOutputs.Both, KernelOptions? options = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        return ComputeOnPlan(network, generated: null, x1, x2, hyperparameters, get, options);
    }

    /// <summary>
    /// As <see cref="Compute{T}"/> on the plan whose steps <paramref name="generated"/> states (a generated class's
    /// compile-time plan; null: planned from <paramref name="network"/>'s layers). <paramref name="network"/> still
    /// validates the inputs and names the hyperparameters.
    /// </summary>
    internal static KernelWithDerivatives<T> ComputeOnPlan<T>(ILayer network, Action<PairPlanBuilder<T>>? generated, Tensor<T> x1, Tensor<T>? x2,
        IReadOnlyList<Hyperparameter>? hyperparameters, KernelOutputs get, KernelOptions? options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x1);
        var layer = LayerBase.From(network, nameof(network));
        hyperparameters ??= Hyperparameter.Of(network);
        var setup = Setup<T>.Create(layer, generated, x1, x2, get, options);
        var seeds = TangentBinding.Seeds(layer, setup.Plan, hyperparameters);
        var (kernel, dNngp, dNtk) = setup.Run(network, seeds, hyperparameters.Count, inputs: null);
        return new KernelWithDerivatives<T>(kernel, hyperparameters.ToArray(),
            kernel.Nngp is null ? null : dNngp.Select(d => new Tensor<T>(d, setup.N1, setup.N2)).ToArray(),
            dNtk?.Select(d => new Tensor<T>(d, setup.N1, setup.N2)).ToArray(), setup.Path);
    }

    /// <summary>
    /// The kernel of <paramref name="network"/> for <paramref name="x1"/> against <paramref name="x2"/> (x1 itself when
    /// null) and its derivatives with respect to x1 with x2 held fixed (also when x2 is x1): entry [i, j, f…] is
    /// ∂K(x1ᵢ, x2ⱼ)/∂x1ᵢ(f…), shape N1 × N2 × the shape of one x1 item.
    /// </summary>
    /// <exception cref="ArgumentException">Inputs of the wrong shape.</exception>
    /// <exception cref="NotSupportedException">A layer without a pair-major rule, or an output with spatial axes.</exception>
    /// <exception cref="KernelDerivativeException">
    /// A derivative that does not exist: the NTK of the arc-cosine family (Relu, LeakyRelu, Abs, RectifiedMonomial(1)) or
    /// the NNGP of Sign and RectifiedMonomial(0) where x1ᵢ is perfectly correlated with x2ⱼ — at equal inputs in
    /// particular (then moving x1ᵢ alone makes ρ fall like |δ|, a kink).
    /// </exception>
    public static KernelInputDerivatives<T> ByInputs<T>(ILayer network, Tensor<T> x1, Tensor<T>? x2 = null, KernelOutputs get = KernelOutputs.Both,
        KernelOptions? options = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        return ByInputsOnPlan(network, generated: null, x1, x2, get, options);
    }

    /// <summary>
    /// As <see cref="ByInputs{T}"/> on the plan whose steps <paramref name="generated"/> states (null: planned from
    /// <paramref name="network"/>'s layers).
    /// </summary>
    internal static KernelInputDerivatives<T> ByInputsOnPlan<T>(ILayer network, Action<PairPlanBuilder<T>>? generated, Tensor<T> x1, Tensor<T>? x2,
        KernelOutputs get, KernelOptions? options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x1);
        var layer = LayerBase.From(network, nameof(network));
        var setup = Setup<T>.Create(layer, generated, x1, x2, get, options);
        var seeds = new InputSeeds<T>(x1.Data, (x2 ?? x1).Data, setup.Positions, setup.Channels, setup.Form);
        var (kernel, dNngp, dNtk) = setup.Run(network, new Dictionary<PointwiseOp<T>, TangentSeed[]>(), seeds.Count, seeds);
        int[] shape = new[] { setup.N1, setup.N2 }.Concat(x1.Shape.Skip(1)).ToArray();
        return new KernelInputDerivatives<T>(kernel,
            kernel.Nngp is null ? null : Interleave(dNngp, shape),
            dNtk is null ? null : Interleave(dNtk, shape), setup.Path);
    }

    /// <summary>Per-feature kernels [f][i·N2 + j] as one tensor [i, j, f].</summary>
    private static Tensor<T> Interleave<T>(T[][] perFeature, int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int features = perFeature.Length;
        long entries = perFeature.Length == 0 ? 0 : perFeature[0].LongLength;
        var data = new T[entries * features];
        for (int f = 0; f < features; f++)
            for (long e = 0; e < entries; e++) data[e * features + f] = perFeature[f][e];
        return new Tensor<T>(data, shape);
    }

    /// <summary>What both derivative kinds share: the checked inputs, the plan and the input covariances.</summary>
    private sealed class Setup<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private Setup(PairPlan<T> plan, SpatialForm form, int positions, int channels, int n1, int n2, bool x1IsX2, Tensor<T> x1, Tensor<T>? x2, KernelOutputs get,
            KernelOptions options)
        {
            Plan = plan;
            Form = form;
            Positions = positions;
            Channels = channels;
            N1 = n1;
            N2 = n2;
            X1IsX2 = x1IsX2;
            X1 = x1;
            X2 = x2;
            Get = get;
            Options = options;
        }

        public PairPlan<T> Plan { get; }
        public SpatialForm Form { get; }
        public int Positions { get; }
        public int Channels { get; }
        public int N1 { get; }
        public int N2 { get; }
        public bool X1IsX2 { get; }
        public Tensor<T> X1 { get; }
        public Tensor<T>? X2 { get; }
        public KernelOutputs Get { get; }
        public KernelOptions Options { get; }

        /// <summary>The path the derivatives take, as <see cref="KernelPlanInfo.Path"/> words it: the plan's passes, and whether a generated class stated it.</summary>
        public string Path => $"pair-major host plan{(Plan.Generated ? " (stated at compile time by the generated class)" : "")}: {Plan.Describe()}";

        /// <summary>Checks the request and builds the plan: from <paramref name="generated"/>'s steps when given, else from <paramref name="network"/>'s layers.</summary>
        public static Setup<T> Create(LayerBase network, Action<PairPlanBuilder<T>>? generated, Tensor<T> x1, Tensor<T>? x2, KernelOutputs get, KernelOptions? options)
        {
            if ((get & KernelOutputs.Both) == 0 || (get & ~KernelOutputs.Both) != 0)
                throw new ArgumentOutOfRangeException(nameof(get), get, "get must be Nngp, Ntk or Both.");
            options ??= KernelOptions.Default;
            if (options.MaskConstant is not null || options.Pattern1 is not null || options.Pattern2 is not null)
                throw new NotSupportedException("Kernel derivatives do not support masked inputs or graph patterns yet.");
            var (inputShape, form) = KernelComputation.DerivativeInputs(network, x1, x2);
            var plan = (generated is null
                    ? PairPlan<T>.TryBuild(network, inputShape, form, out var why)
                    : PairPlan<T>.TryBuild(generated, inputShape, form, generated: true, out why))
                ?? throw new NotSupportedException($"Kernel derivatives need the pair-major plan, which does not cover this network: {why}");
            int n1 = x1.Dim(0), n2 = x2?.Dim(0) ?? n1;
            bool x1IsX2 = x2 is null || ReferenceEquals(x1, x2) || x1.Data.AsSpan().SequenceEqual(x2.Data);
            // Without spatial axes the input covariance is the Gram matrix over all features (one position).
            int positions = form == SpatialForm.None ? 1 : plan.Positions;
            int channels = form == SpatialForm.None ? x1.RowLength : plan.Channels;
            return new Setup<T>(plan, form, positions, channels, n1, n2, x1IsX2, x1, x2, get, options);
        }

        /// <summary>
        /// The inputs' covariances. Without spatial axes the whole input Gram comes from the BLAS once (as
        /// <see cref="ILayer.KernelFn{T}"/> computes it), not from a dot product per pair; with them, per pair from the inputs.
        /// </summary>
        private (PairInputs<T> Rows, PairInputs<T> Cols) Inputs()
        {
            if (Form != SpatialForm.None)
            {
                var rows = new PairInputs<T>(X1.Data, N1, Positions, Channels, Form);
                return (rows, X1IsX2 ? rows : new PairInputs<T>(X2!.Data, N2, Positions, Channels, Form));
            }
            var gram = new GramBlocks<T>(X1.Data, Channels, (X2 ?? X1).Data, Channels, X1IsX2, Options.CancellationToken);
            var matrix = NeuralTangents.Memory.LargeArrays.Uninitialized<T>((long)N1 * N2);
            gram.Cross(0, N1, 0, N2, matrix);
            var cols = PairInputs<T>.FromGram(matrix, gram.Variances2, N2);
            return (X1IsX2 ? cols : PairInputs<T>.FromGram(null, gram.Variances1, N1), cols);
        }

        /// <summary>
        /// What the workers hold while they run: per core, the primal state and one per tangent (nngp and ntk), and a
        /// filter's output beside each — a full form's positions² values per state (a CNN with global pooling), a block of
        /// pairs otherwise (<see cref="TangentPlanRunner{T}"/>'s lanes).
        /// </summary>
        private long WorkingBytes(int tangents)
        {
            long positions = Positions;
            long perArray = Form == SpatialForm.Full ? positions * positions : positions * TangentPlanRunner<T>.LanesFor(Positions);
            return Environment.ProcessorCount * (1L + tangents) * perArray * 2 * 2 * System.Runtime.InteropServices.Marshal.SizeOf<T>();
        }

        /// <summary>The kernel and <paramref name="count"/> tangents of its nngp and ntk (row-major N1 × N2 each).</summary>
        public (Kernel<T> Kernel, T[][] Nngp, T[][]? Ntk) Run(ILayer network, IReadOnlyDictionary<PointwiseOp<T>, TangentSeed[]> seeds, int count, InputSeeds<T>? inputs)
        {
            bool wantNtk = (Get & KernelOutputs.Ntk) != 0, wantNngp = (Get & KernelOutputs.Nngp) != 0;
            // The nngp is always computed (the NTK's rules read it), its derivatives with it.
            // The variance tables (TangentPlanRunner): the primal ones of both inputs, a set per tangent for x1's items, and for
            // x2's items a set per tangent by hyperparameters (unless x2 is x1) or one set of zeros by x1 (x2 held fixed).
            long tableValues = Plan.Duals.Sum(d => (long)d.Positions);
            long x2Tables = inputs is not null ? (X1IsX2 ? 1 : 2) : X1IsX2 ? 0 : 1 + count;
            DerivativeMemory.Check<T>(N1, N2, wantNtk ? 2 : 1, count, inputs is null ? "one per hyperparameter" : "one per feature of an x1 item", Options,
                tableValuesPerRow: tableValues * (1 + count), tableValuesFixed: tableValues * N2 * x2Tables, gramArrays: Form == SpatialForm.None ? 1 : 0,
                workingBytes: WorkingBytes(count));
            var (inputs1, inputs2) = Inputs();
            long entries = (long)N1 * N2;
            var nngp = new T[entries];
            var ntk = wantNtk ? new T[entries] : null;
            var dNngp = Enumerable.Range(0, count).Select(_ => new T[entries]).ToArray();
            var dNtk = wantNtk ? Enumerable.Range(0, count).Select(_ => new T[entries]).ToArray() : null;
            var cov1 = new T[N1];
            var cov2 = new T[N2];
            new TangentPlanRunner<T>(Plan, seeds, count, Form, Positions, Options.CancellationToken, inputs) { Progress = Options.Progress }
                .Run(inputs1, N1, inputs2, N2, X1IsX2, nngp, ntk, dNngp, dNtk, cov1, cov2);
            var kernel = new Kernel<T>
            {
                Nngp = wantNngp ? new Tensor<T>(nngp, N1, N2) : null,
                Ntk = ntk is null ? null : new Tensor<T>(ntk, N1, N2),
                Cov1 = new Tensor<T>(cov1, N1),
                Cov2 = X2 is null ? null : new Tensor<T>(cov2, N2),
                IsGaussian = Plan.Output.IsGaussian,
                X1IsX2 = X1IsX2,
                Shape1 = network.OutputShape(X1.Shape),
                Shape2 = network.OutputShape((X2 ?? X1).Shape),
            };
            return (kernel, dNngp, dNtk);
        }
    }
}
