using System;
using System.Collections.Generic;
using System.Globalization;

namespace NeuralTangents.Rules;

/// <summary>The interpolation of ImageResize that has a kernel (Neural Tangents supports these two in <c>kernel_fn</c>).</summary>
internal enum ResizeKind
{
    /// <summary>Linear (triangle) interpolation, antialiased when downsampling unless turned off.</summary>
    Linear = 0,

    /// <summary>Nearest neighbour.</summary>
    Nearest = 1,
}

/// <summary>
/// Shape rules of the constant linear maps over non-channel axes: Index, ImageResize and DotGeneral. Each applies
/// the same linear map to every channel, so the kernel applies it to both members of each covariance pair; the
/// batch axis is never mapped (the kernel engine tiles over items, and a map mixing items would need the full
/// batch × batch covariance) and the channel axis is never mapped in the kernel (it is the infinite axis).
/// </summary>
internal static class LinearMapRules
{
    /// <summary>Index: NumPy-style indexing, one entry per leading axis (batch first); missing entries keep their axis.</summary>
    public static RuleResult Index(string layer, BranchSignature[] input, IndexEntry[] index)
    {
        if (LayerRules.SingleBranch(layer, input) is { } branchError) return branchError;
        var x = input[0];
        int rank = x.Shape.Length;
        for (int a = 0; a < index.Length; a++)
            if (index[a].Kind == IndexKind.Slice && index[a].Step == 0)
                return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "index", $"{layer}: the slice of axis {a} has step 0; a step must be nonzero.");
        if (index.Length > 0 && index[0].Kind != IndexKind.All)
            return RuleResult.Invalid(RuleIds.UnsupportedLayout, "index",
                $"{layer} indexes the batch axis with {index[0]}; only ':' is supported there (select items of x1 and x2 before the network: the kernel is computed in tiles of items, and an integer would remove the batch axis).");
        if (rank < 2)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input", $"{layer} expects an input of rank at least 2 (batch, ..., channels), got shape {x.ShapeText}.");
        if (index.Length > rank)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "index",
                $"{layer} has {index.Length} index entries but the input has only {rank} axes (shape {x.ShapeText}).");
        if (index.Length == rank && index[rank - 1].Kind != IndexKind.All)
            return RuleResult.Invalid(RuleIds.NoInfiniteWidthLimit, "index",
                $"{layer} indexes the channel axis with {index[rank - 1]}; the channel axis is the infinite-width axis of the kernel and cannot be indexed (use ':' for it).");
        var shape = new List<int> { x.Shape[0] };
        for (int a = 1; a < rank; a++)
        {
            if (a >= index.Length || index[a].Kind == IndexKind.All)
            {
                shape.Add(x.Shape[a]);
                continue;
            }
            var positions = index[a].Positions(x.Shape[a]);
            if (positions is null)
                return RuleResult.Invalid(RuleIds.ShapeMismatch, "index",
                    $"{layer}: position {index[a]} is out of range for axis {a} of size {x.Shape[a]} (input shape {x.ShapeText}).");
            if (positions.Length == 0)
                return RuleResult.Invalid(RuleIds.ShapeMismatch, "index",
                    $"{layer}: slice {index[a]} selects nothing from axis {a} of size {x.Shape[a]} (input shape {x.ShapeText}).");
            if (index[a].Kind != IndexKind.At) shape.Add(positions.Length);
        }
        return RuleResult.Valid(new BranchSignature(shape.ToArray(), x.IsGaussian));
    }

    /// <summary>ImageResize: <paramref name="shape"/> has one entry per axis, -1 keeping that axis; batch and channels must be kept.</summary>
    public static RuleResult ImageResize(string layer, BranchSignature[] input, int[] shape, ResizeKind method)
    {
        if (LayerRules.SingleBranch(layer, input) is { } branchError) return branchError;
        if (!Enum.IsDefined(typeof(ResizeKind), method))
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "method", $"{layer}: unknown resize method {(int)method}; use LINEAR or NEAREST.");
        foreach (int s in shape)
            if (s != -1 && s < 1)
                return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "shape", $"{layer}: every entry of shape must be positive or -1 (keep the axis), got {Shapes.Format(shape)}.");
        if (shape.Length > 0 && shape[0] != -1)
            return RuleResult.Invalid(RuleIds.UnsupportedLayout, "shape",
                $"{layer} resizes the batch axis (shape[0] = {shape[0]}); set it to -1: mixing items would need the full batch × batch covariance, which this library does not build.");
        var x = input[0];
        int rank = x.Shape.Length;
        if (shape.Length != rank)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "shape",
                $"{layer}: shape {Shapes.Format(shape)} has {shape.Length} entries but the input has {rank} axes (shape {x.ShapeText}); give one entry per axis, -1 to keep one.");
        if (shape[rank - 1] != -1 && shape[rank - 1] != x.Shape[rank - 1])
            return RuleResult.Invalid(RuleIds.NoInfiniteWidthLimit, "shape",
                $"{layer} resizes the channel axis ({x.Shape[rank - 1]} → {shape[rank - 1]}); the channel axis is the infinite-width axis of the kernel and cannot be resized (set its entry to -1).");
        var output = (int[])x.Shape.Clone();
        for (int a = 1; a < rank - 1; a++)
            if (shape[a] != -1) output[a] = shape[a];
        return RuleResult.Valid(new BranchSignature(output, x.IsGaussian));
    }

    /// <summary>
    /// DotGeneral with a constant (rows × columns) matrix contracted with axis <paramref name="axis"/> (negative counts
    /// from the end); the result takes the axis's place with <paramref name="rows"/> entries, or removes it when
    /// <paramref name="removesAxis"/> (a vector).
    /// </summary>
    public static RuleResult DotGeneral(string layer, BranchSignature[] input, int rows, int columns, int axis, bool removesAxis)
    {
        if (LayerRules.SingleBranch(layer, input) is { } branchError) return branchError;
        if (rows < 1 || columns < 1)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "matrix", $"{layer}: the constant must not be empty, got {rows} × {columns}.");
        var x = input[0];
        int rank = x.Shape.Length;
        int a = axis < 0 ? axis + rank : axis;
        if (a == 0)
            return RuleResult.Invalid(RuleIds.UnsupportedLayout, "axis",
                $"{layer} contracts the batch axis; its kernel would need the full batch × batch covariance, which this library does not build. Contract a spatial axis (1 to {rank - 2}).");
        if (rank >= 2 && a == rank - 1)
            return RuleResult.Invalid(RuleIds.NoInfiniteWidthLimit, "axis",
                $"{layer} contracts the channel axis; the channel axis is the infinite-width axis of the kernel and may not be contracted. Contract a spatial axis (1 to {rank - 2}) or use Dense.");
        if (a < 0 || a >= rank)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "axis", $"{layer}: axis {axis} does not exist in an input of shape {x.ShapeText}.");
        if (x.Shape[a] != columns)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input",
                $"{layer}: the constant contracts {columns} entries but axis {a} of the input has {x.Shape[a]} (shape {x.ShapeText}).");
        var output = new List<int>(x.Shape);
        if (removesAxis) output.RemoveAt(a);
        else output[a] = rows;
        return RuleResult.Valid(new BranchSignature(output.ToArray(), x.IsGaussian));
    }

    /// <summary><c>Index([:, 1:5:2, 0])</c>.</summary>
    public static string IndexName(IndexEntry[] index)
    {
        var parts = new string[index.Length];
        for (int i = 0; i < index.Length; i++) parts[i] = index[i].ToString();
        return "Index([" + string.Join(", ", parts) + "])";
    }

    /// <summary><c>ImageResize(shape: (-1, 8, 8, -1), LINEAR)</c>, with <c>, antialias: false</c> when LINEAR turns it off.</summary>
    public static string ImageResizeName(int[] shape, ResizeKind method, bool antialias) =>
        "ImageResize(shape: " + Shapes.Format(shape) + ", " + method.ToString().ToUpperInvariant()
        + (antialias || method == ResizeKind.Nearest ? "" : ", antialias: false") + ")";

    /// <summary><c>DotGeneral(axis: 1, 3×4)</c> for a matrix, <c>DotGeneral(axis: 1, 4)</c> for a vector.</summary>
    public static string DotGeneralName(int axis, int rows, int columns, bool vector) =>
        "DotGeneral(axis: " + axis.ToString(CultureInfo.InvariantCulture) + ", "
        + (vector ? columns.ToString(CultureInfo.InvariantCulture) : rows.ToString(CultureInfo.InvariantCulture) + "×" + columns.ToString(CultureInfo.InvariantCulture)) + ")";

    /// <summary>What the Index factory checks before any input is seen (a zero step, an index on the batch axis), or null.</summary>
    public static RuleViolation? IndexConstruction(string layer, IndexEntry[] index)
    {
        // A probe of large spatial axes so that only hyperparameter checks can fail.
        var probe = new int[Math.Max(2, index.Length + 1)];
        for (int a = 0; a < probe.Length; a++) probe[a] = 1 << 10;
        probe[0] = -1;
        return NotAboutShapes(Index(layer, new[] { new BranchSignature(probe, false) }, index));
    }

    /// <summary>What the ImageResize factory checks before any input is seen (sizes, method, the batch axis), or null.</summary>
    public static RuleViolation? ImageResizeConstruction(string layer, int[] shape, ResizeKind method)
    {
        var probe = new int[shape.Length];
        for (int a = 0; a < probe.Length; a++) probe[a] = shape[a] == -1 ? 1 : shape[a];
        if (probe.Length > 0) probe[0] = -1;
        return NotAboutShapes(ImageResize(layer, new[] { new BranchSignature(probe, false) }, shape, method));
    }

    /// <summary>What the DotGeneral factory checks before any input is seen (an empty constant, the batch axis), or null.</summary>
    public static RuleViolation? DotGeneralConstruction(string layer, int rows, int columns, int axis, bool vector)
    {
        int rank = Math.Max(3, Math.Abs(axis) + 2);
        var probe = new int[rank];
        for (int a = 0; a < rank; a++) probe[a] = columns;
        probe[0] = -1;
        var violation = DotGeneral(layer, new[] { new BranchSignature(probe, false) }, rows, columns, axis, vector).Violation;
        return violation is null || violation.Id == RuleIds.ShapeMismatch || violation.Id == RuleIds.NoInfiniteWidthLimit ? null : violation;
    }

    /// <summary>
    /// Whether ImageResize needs the full covariance of its input: LINEAR mixes neighbouring positions when it resizes
    /// a spatial axis; NEAREST only selects positions, which keeps the diagonal form.
    /// </summary>
    public static bool ImageResizeNeedsFull(int[] shape, ResizeKind method)
    {
        if (method != ResizeKind.Linear) return false;
        for (int a = 1; a < shape.Length - 1; a++)
            if (shape[a] != -1) return true;
        return false;
    }

    /// <summary>Whether DotGeneral's constant (rows × columns, row-major) mixes positions: some row has two nonzero entries.</summary>
    public static bool DotGeneralNeedsFull(double[] weights, int rows, int columns)
    {
        for (int r = 0; r < rows; r++)
        {
            int nonzero = 0;
            for (int c = 0; c < columns; c++)
                if (weights[r * columns + c] != 0 && ++nonzero > 1) return true;
        }
        return false;
    }

    private static RuleViolation? NotAboutShapes(RuleResult result) =>
        result.Violation is { } violation && violation.Id != RuleIds.ShapeMismatch ? violation : null;
}
