using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Elementwise;

/// <summary>
/// Forward mode for a delegate φ: only first order, y[1] = φ'(x[0])·x[1] with the derivative the backward
/// pass uses (the given one, else the central difference of φ), so JVPs and VJPs agree. A delegate has no
/// higher derivatives, so jets of higher order through a non-constant input are refused.
/// </summary>
internal sealed partial class HostElementwiseLayer
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var input = x[0];
        var primal = Forward(parameters, new[] { input.Primal }, out var residual)[0];
        if (JetMath.IsConstant(input)) return new[] { Jet<T>.Constant(primal, input.Degree) };
        if (input.Degree > 1)
            throw new NotSupportedException(
                $"{Name} applies a delegate φ, which gives no derivatives above the first; Taylor expansions of degree {input.Degree} through it are not available (degree 1, i.e. linearize and JVPs, is).");
        // The backward rule multiplies a cotangent by φ'(x); applied to the tangent it is the JVP.
        var tangent = Backward(parameters, residual, new[] { input.Coefficients[1]! }, new BackwardContext<T>(1, null))[0];
        return new[] { new Jet<T>(new[] { primal, tangent }) };
    }
}
