using System.Collections.Generic;
using System.Globalization;
using System.Linq;

using NeuralTangents.Architecture.Model;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// Finds where the nodes of a parsed declaration are written (<see cref="ArchitectureModel.Spans"/>), for the
/// diagnostics the analyzer reports at the offending attribute or call. Paths are the validator's (a Repeat's copies
/// have their own indices); they map to declared paths, where every copy is the block.
/// </summary>
internal static class SourceMap
{
    /// <summary>The declared path of the node at validator path <paramref name="path"/> under <paramref name="root"/>, or null when the tree has no such node.</summary>
    public static string? DeclaredPath(LayerNode root, string path) => Resolve(root, path)?.Declared;

    /// <summary>The node at validator path <paramref name="path"/> and its declared path, or null when the tree has no such node.</summary>
    private static (string Declared, LayerNode Node)? Resolve(LayerNode? root, string path)
    {
        if (root is null) return null;
        if (path.Length == 0) return ("", root);
        var node = root;
        var parts = new List<string>();
        foreach (var part in path.Split('.'))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int index)) return null;
            switch (node)
            {
                case SerialNode serial when index < serial.Layers.Count:
                    node = serial.Layers[index];
                    parts.Add(part);
                    break;
                case ParallelNode parallel when index < parallel.Layers.Count:
                    node = parallel.Layers[index];
                    parts.Add(part);
                    break;
                case RepeatNode repeat when index < repeat.Count:
                    node = repeat.Block;
                    parts.Add("0");
                    break;
                default:
                    return null;
            }
        }
        return (string.Join(".", parts), node);
    }

    /// <summary>Where the node at validator path <paramref name="path"/> is written, or null when the model does not know.</summary>
    public static LayerSpan? Find(ArchitectureModel model, string path)
    {
        if (model.Root is null || DeclaredPath(model.Root, path) is not { } declared) return null;
        foreach (var span in model.Spans)
            if (span.Path == declared) return span;
        return null;
    }

    /// <summary>
    /// Where a diagnostic about the node at <paramref name="path"/> goes: the node's attribute or call; for the whole
    /// network (the empty path) the root's call, or the <c>[Network]</c> attribute of an attribute stack; the class
    /// name when neither is known.
    /// </summary>
    public static LocationInfo? Primary(ArchitectureModel model, string path) =>
        Find(model, path)?.Location ?? model.NetworkLocation ?? model.Location;

    /// <summary>
    /// The other places involved in a diagnostic about the node at <paramref name="path"/>: the layer whose output it
    /// receives (the one before it in its series, or before the series or branches that hold it) and the
    /// <c>[Block]</c> calls it was inlined through; none repeats <see cref="Primary"/>.
    /// </summary>
    public static EquatableArray<LocationInfo> Involved(ArchitectureModel model, string path)
    {
        var primary = Primary(model, path);
        var involved = new List<LocationInfo>();
        void Add(LocationInfo? location)
        {
            if (location is not null && location != primary && !involved.Contains(location)) involved.Add(location);
        }
        Add(Producer(model, path));
        if (Find(model, path) is { } span)
            foreach (var call in span.BlockCalls) Add(call);
        return involved.ToEquatableArray();
    }

    /// <summary>The location of the layer whose output the node at <paramref name="path"/> receives, or null (the network's input).</summary>
    private static LocationInfo? Producer(ArchitectureModel model, string path)
    {
        while (path.Length > 0)
        {
            int dot = path.LastIndexOf('.');
            string parent = dot < 0 ? "" : path.Substring(0, dot);
            int index = int.Parse(path.Substring(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture);
            // In a series (Serial, or the copies of a Repeat) the layer before; a branch of a Parallel receives what the Parallel receives.
            if (index > 0 && Resolve(model.Root, parent)?.Node is SerialNode or RepeatNode)
                return Find(model, ArchitectureValidator.Child(parent, index - 1))?.Location;
            path = parent;
        }
        return null;
    }
}
