using NeuralTangents;
using NeuralTangents.Finite;
using NeuralTangents.Tests.EmpiricalKernels;

namespace NeuralTangents.Tests.Layers.Attention;

/// <summary>
/// GlobalSelfAttention's reverse mode (Backward, reported to the sinks per projection) against central differences
/// of Apply, its forward mode (jets) against reverse mode and against the Taylor error order, and the empirical
/// NTK of every implementation against the explicit J·Jᵀ.
/// </summary>
public sealed class AttentionDerivativeTests
{
    public static TheoryData<string> Configurations => new() { "softmax-sum-decay-values", "relu-concat-untied", "abs-none", "identity-sqrt-concat-values", "softmax-2d-heads" };

    private static (ILayer Network, int[] Features) Get(string name) => name switch
    {
        "softmax-sum-decay-values" => (Stax.Serial(
            Stax.Dense(4, 1.1, 0.1),
            Stax.GlobalSelfAttention(3, 5, 4, 2, wKeyStd: 1.3, bStd: 0.2, posEmbType: PositionalEmbedding.Sum, posEmbDecayFn: d => Math.Exp(-d), wPosEmbStd: 0.7, valPosEmb: true),
            Stax.Flatten()), new[] { 4, 3 }),
        "relu-concat-untied" => (Stax.Serial(
            Stax.GlobalSelfAttention(3, 4, 3, 2, linearScaling: false, wQueryStd: 1.4, attentionMechanism: AttentionMechanism.Relu,
                posEmbType: PositionalEmbedding.Concat, nChanPosEmb: 2),
            Stax.GlobalAvgPool()), new[] { 4, 3 }),
        "abs-none" => (Stax.Serial(
            Stax.GlobalSelfAttention(2, 3, 3, 1, bStd: 0.3, attentionMechanism: AttentionMechanism.Abs),
            Stax.Erf(), Stax.GlobalAvgPool()), new[] { 3, 2 }),
        "identity-sqrt-concat-values" => (Stax.Serial(
            Stax.GlobalSelfAttention(2, 3, 2, 2, linearScaling: false, attentionMechanism: AttentionMechanism.Identity,
                posEmbType: PositionalEmbedding.Concat, posEmbDecayFn: d => 1 / (1 + d), valPosEmb: true),
            Stax.Flatten()), new[] { 3, 2 }),
        _ => (Stax.Serial(
            Stax.Conv(3, new[] { 2, 2 }, null, Padding.Same, 1.2, 0.1),
            Stax.GlobalSelfAttention(2, 3, 2, 3, bStd: 0.1, posEmbType: PositionalEmbedding.Sum, posEmbPNorm: 1),
            Stax.GlobalAvgPool()), new[] { 2, 3, 2 }),
    };

    private static (ILayer Network, Parameters<double> Parameters, Tensor<double> X) Setup(string name, int items = 2)
    {
        var (network, features) = Get(name);
        var parameters = network.Init<double>(new PrngKey(21), new[] { -1 }.Concat(features).ToArray());
        return (network, parameters, TestNetworks.Input(items, features, 22));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Backward_jacobian_matches_central_differences(string name)
    {
        const double H = 1e-5;
        var (network, parameters, x) = Setup(name);
        var jacobian = ExplicitJacobian.Build(network, parameters, x);
        var theta = ParameterTree.Flatten(parameters);
        double largest = 0;
        for (int p = 0; p < theta.Length; p++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[p] += H;
            minus[p] -= H;
            var fPlus = network.Apply(ParameterTree.Unflatten<double>(plus, parameters), x);
            var fMinus = network.Apply(ParameterTree.Unflatten<double>(minus, parameters), x);
            for (int o = 0; o < fPlus.Length; o++)
            {
                double numeric = (fPlus.Data[o] - fMinus.Data[o]) / (2 * H);
                largest = Math.Max(largest, Math.Abs(numeric));
                Assert.True(Math.Abs(numeric - jacobian[o, p]) <= 1e-7 * (1 + Math.Abs(numeric)),
                    $"{name}: J[{o}, {p}] = {jacobian[o, p]:R}, central difference {numeric:R}");
            }
        }
        Assert.True(largest > 1e-2, "the Jacobian should not be trivially zero");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_ntk_implementation_equals_explicit_J_Jt(string name)
    {
        var (network, parameters, x1) = Setup(name, 3);
        var x2 = TestNetworks.Input(2, x1.Shape[1..], 23);
        var j1 = ExplicitJacobian.Build(network, parameters, x1);
        var j2 = ExplicitJacobian.Build(network, parameters, x2);
        var (expected, shape) = ExplicitJacobian.Reduce(ExplicitJacobian.FullNtk(j1, j2), network.OutputShape(x1.Shape), network.OutputShape(x2.Shape),
            new[] { -1 }, Array.Empty<int>());
        double scale = expected.Max(Math.Abs);
        foreach (var implementation in Enum.GetValues<NtkImplementation>())
        {
            var ntk = NeuralTangents.Empirical.NtkFn(network, new[] { -1 }, Array.Empty<int>(), implementation).Compute(x1, x2, parameters);
            Assert.Equal(shape, ntk.Shape);
            for (int e = 0; e < expected.Length; e++)
                Assert.True(Math.Abs(ntk.Data[e] - expected[e]) <= 1e-10 * scale, $"{name} {implementation}: entry {e} is {ntk.Data[e]:R}, J·Jᵀ gives {expected[e]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Jvp_and_vjp_are_adjoint(string name)
    {
        var (network, parameters, x) = Setup(name);
        var model = new NetworkModel<double>(network);
        var v = Direction(parameters, 24);
        var (f, jv) = model.Jvp(parameters, x, v);
        var u = TestNetworks.Input(f.Dim(0), f.Shape[1..], 25);
        var jtu = model.Vjp(parameters, x, u);
        double left = 0;
        for (int e = 0; e < f.Length; e++) left += u.Data[e] * jv.Data[e];
        double right = ParameterTree.Dot(jtu, v);
        Assert.True(Math.Abs(left - right) <= 1e-12 * Math.Max(1, Math.Abs(left)), $"{name}: ⟨u, Jv⟩ = {left:R}, ⟨Jᵀu, v⟩ = {right:R}");
        Assert.Equal(network.Apply(parameters, x).Data, f.Data);
    }

    /// <summary>Degree-k expansions along a direction have error O(ε^(k+1)): halving ε divides it by 2^(k+1) (softmax and identity are smooth).</summary>
    [Theory]
    [InlineData("softmax-sum-decay-values")]
    [InlineData("identity-sqrt-concat-values")]
    public void Taylor_expansion_of_degree_k_has_error_of_order_k_plus_1(string name)
    {
        var (network, parameters, x) = Setup(name);
        var direction = Direction(parameters, 26);
        for (int degree = 1; degree <= 3; degree++)
        {
            var model = NeuralTangents.Linearization.TaylorExpand(network, parameters, degree);
            double Error(double epsilon)
            {
                var moved = ParameterTree.AddScaled(parameters, direction, epsilon);
                var a = model.Apply(moved, x);
                var b = network.Apply(moved, x);
                return a.Data.Zip(b.Data, (p, q) => Math.Abs(p - q)).Max();
            }
            double epsilon = degree == 1 ? 2e-2 : 8e-2;
            double e1 = Error(epsilon), e2 = Error(epsilon / 2);
            double expected = Math.Pow(2, degree + 1);
            Assert.InRange(e1 / e2, 0.8 * expected, 1.2 * expected);
        }
    }

    private static Parameters<double> Direction(Parameters<double> parameters, ulong seed)
    {
        var theta = ParameterTree.Flatten(parameters);
        var values = new double[theta.Length];
        new PrngKey(seed).FillNormal(values);
        return ParameterTree.Unflatten<double>(values, parameters);
    }
}
