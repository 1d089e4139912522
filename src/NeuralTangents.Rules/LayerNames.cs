using System.Collections.Generic;
using System.Globalization;

namespace NeuralTangents.Rules;

/// <summary>
/// The display name of every layer, written once: the runtime's <c>ILayer.Name</c>, the layer names inside rule
/// messages, and the names the source generator puts in <c>Info</c> all come from here, so a compile-time
/// diagnostic and a run-time exception name a layer the same way.
/// </summary>
internal static class LayerNames
{
    /// <summary>A hyperparameter as it appears in names: six significant digits, invariant culture.</summary>
    public static string Num(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary><c>Dense(512, wStd: 1.5, bStd: 0.05)</c>, with <c>, standard, s: (s0, s1)</c> for the standard parameterization.</summary>
    public static string Dense(int outDim, double wStd, double? bStd, bool standard, int widthScaleIn, int widthScaleOut)
    {
        string text = "Dense(" + outDim.ToString(CultureInfo.InvariantCulture) + ", wStd: " + Num(wStd) + ", bStd: " + (bStd is double b ? Num(b) : "null");
        if (standard)
            text += ", standard, s: (" + widthScaleIn.ToString(CultureInfo.InvariantCulture) + ", " + widthScaleOut.ToString(CultureInfo.InvariantCulture) + ")";
        return text + ")";
    }

    /// <summary>
    /// <c>Conv(16, filter: (3, 3), strides: (1, 1), SAME, wStd: 1, bStd: null)</c> (or <c>ConvLocal(…)</c> when
    /// <paramref name="kind"/> says so), with <c>, standard, s: (s0, s1)</c> for the standard parameterization.
    /// </summary>
    public static string Conv(string kind, int outChannels, int[] filter, int[] strides, SpatialPadding padding, double wStd, double? bStd,
        bool standard, int widthScaleIn, int widthScaleOut)
    {
        string text = kind + "(" + outChannels.ToString(CultureInfo.InvariantCulture) + ", filter: " + Shapes.Format(filter) + ", strides: " + Shapes.Format(strides)
            + ", " + Padding(padding) + ", wStd: " + Num(wStd) + ", bStd: " + (bStd is double b ? Num(b) : "null");
        if (standard)
            text += ", standard, s: (" + widthScaleIn.ToString(CultureInfo.InvariantCulture) + ", " + widthScaleOut.ToString(CultureInfo.InvariantCulture) + ")";
        return text + ")";
    }

    /// <summary><c>AvgPool(window: (2, 2), strides: (2, 2), VALID)</c> or <c>SumPool(…)</c>.</summary>
    public static string Pool(bool average, int[] window, int[] strides, SpatialPadding padding) =>
        (average ? "AvgPool" : "SumPool") + "(window: " + Shapes.Format(window) + ", strides: " + Shapes.Format(strides) + ", " + Padding(padding) + ")";

    /// <summary><c>GlobalAvgPool</c> or <c>GlobalSumPool</c>.</summary>
    public static string GlobalPool(bool average) => average ? "GlobalAvgPool" : "GlobalSumPool";

    /// <summary><c>LayerNorm(epsilon: 1E-12)</c>: over the channel axis only (the axes overload is named by <see cref="LayerNormAxesRules.Name"/>).</summary>
    public static string LayerNorm(double epsilon) => "LayerNorm(epsilon: " + Num(epsilon) + ")";

    /// <summary>A padding as names show it: <c>VALID</c>, <c>SAME</c> or <c>CIRCULAR</c>.</summary>
    public static string Padding(SpatialPadding padding) => padding.ToString().ToUpperInvariant();

    /// <summary><c>FanOut(n)</c>.</summary>
    public static string FanOut(int count) => "FanOut(" + count.ToString(CultureInfo.InvariantCulture) + ")";

    /// <summary><c>FanInConcat(axis: n)</c>.</summary>
    public static string FanInConcat(int axis) => "FanInConcat(axis: " + axis.ToString(CultureInfo.InvariantCulture) + ")";

    /// <summary><c>Serial(a, b, …)</c>.</summary>
    public static string Serial(IEnumerable<string> layers) => "Serial(" + string.Join(", ", layers) + ")";

    /// <summary><c>Parallel(a, b, …)</c>.</summary>
    public static string Parallel(IEnumerable<string> layers) => "Parallel(" + string.Join(", ", layers) + ")";

    /// <summary>A layer name with hyperparameters, e.g. <c>Erf(1, 1, 0)</c>.</summary>
    public static string WithArguments(string layer, params double[] arguments)
    {
        var parts = new string[arguments.Length];
        for (int i = 0; i < arguments.Length; i++) parts[i] = Num(arguments[i]);
        return layer + "(" + string.Join(", ", parts) + ")";
    }

    /// <summary>A layer name with one integer hyperparameter, e.g. <c>Monomial(3)</c>.</summary>
    public static string WithDegree(string layer, int degree) => layer + "(" + degree.ToString(CultureInfo.InvariantCulture) + ")";

    /// <summary><c>ExpNormalized(gamma, shift, doClip=True)</c>.</summary>
    public static string ExpNormalized(double gamma, double shift, bool doClip) =>
        "ExpNormalized(" + Num(gamma) + ", " + Num(shift) + ", doClip=" + (doClip ? "True" : "False") + ")";

    /// <summary><c>Gelu</c> or <c>Gelu(approximate)</c>.</summary>
    public static string Gelu(bool approximate) => approximate ? "Gelu(approximate)" : "Gelu";

    /// <summary><c>Polynomial([a0, a1, …])</c>.</summary>
    public static string Polynomial(double[] coef)
    {
        var parts = new string[coef.Length];
        for (int i = 0; i < coef.Length; i++) parts[i] = Num(coef[i]);
        return "Polynomial([" + string.Join(", ", parts) + "])";
    }

    /// <summary><c>ElementwiseNumerical(degree=n)</c>.</summary>
    public static string ElementwiseNumerical(int degree) => "ElementwiseNumerical(degree=" + degree.ToString(CultureInfo.InvariantCulture) + ")";
}
