namespace NeuralTangents;

/// <summary>
/// The graph patterns of the two sides of a kernel (x1's items and x2's), as the analytic kernels and the Monte
/// Carlo estimates both take them: both or neither, x1's serving x2 when x2 is x1, one graph per item.
/// </summary>
internal static class GraphPatternPair
{
    /// <summary>How the caller names the two patterns: in messages, and as the parameters that carry them.</summary>
    /// <param name="First">x1's pattern as named in messages, e.g. <c>KernelOptions.Pattern1</c>.</param>
    /// <param name="Second">x2's pattern as named in messages.</param>
    /// <param name="FirstParameter">The parameter that carries x1's pattern (reported by the exception).</param>
    /// <param name="SecondParameter">The parameter that carries x2's pattern.</param>
    internal sealed record Names(string First, string Second, string FirstParameter, string SecondParameter)
    {
        /// <summary>The patterns of <see cref="KernelOptions"/> (both reported as the options argument).</summary>
        public static Names KernelOptions { get; } = new("KernelOptions.Pattern1", "KernelOptions.Pattern2", "options", "options");

        /// <summary>The patterns as method parameters <c>pattern1</c> and <c>pattern2</c>.</summary>
        public static Names Parameters { get; } = new("pattern1", "pattern2", "pattern1", "pattern2");
    }

    /// <summary>
    /// The patterns of both sides, (null, null) when neither is given; x1's serve x2 when
    /// <paramref name="selfKernel"/> (x2 is x1) and x2's are not given.
    /// </summary>
    /// <exception cref="ArgumentException">Only one side has patterns, or a side's graph count differs from its item count
    /// (<paramref name="n1"/>, <paramref name="n2"/>).</exception>
    public static (GraphPattern? First, GraphPattern? Second) Resolve(GraphPattern? first, GraphPattern? second, bool selfKernel, int n1, int n2, Names names)
    {
        if (first is null && second is null) return (null, null);
        if (selfKernel && second is null) second = first;
        if (first is null || second is null)
            throw new ArgumentException(
                $"Give graph patterns for both x1 and x2 ({names.First} and {names.Second}) or neither; got only {(first is null ? names.Second : names.First)}.",
                first is null ? names.SecondParameter : names.FirstParameter);
        if (first.Items != n1)
            throw new ArgumentException($"{names.First} has {first.Items} graph(s) but x1 has {n1} item(s); give one graph per item.", names.FirstParameter);
        if (second.Items != n2)
            throw new ArgumentException($"{names.Second} has {second.Items} graph(s) but x2 has {n2} item(s); give one graph per item.", names.SecondParameter);
        return (first, second);
    }
}
