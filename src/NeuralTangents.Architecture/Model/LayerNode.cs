namespace NeuralTangents.Architecture.Model;

/// <summary>
/// A layer of a declared architecture with its constant arguments: one record type per <c>Stax</c> factory
/// family. Nodes are plain values (records of numbers, enums and equatable arrays), so a parsed architecture can
/// flow through incremental generator stages and be compared by value.
/// </summary>
internal abstract record LayerNode;

/// <summary><c>Stax.Serial(layers…)</c>.</summary>
internal sealed record SerialNode(EquatableArray<LayerNode> Layers) : LayerNode;

/// <summary><c>Stax.Parallel(layers…)</c>.</summary>
internal sealed record ParallelNode(EquatableArray<LayerNode> Layers) : LayerNode;

/// <summary><c>Stax.Repeat(count, block)</c>: count copies of block in series, each with its own parameters.</summary>
internal sealed record RepeatNode(int Count, LayerNode Block) : LayerNode;

/// <summary><c>Stax.Dense(outDim, wStd, bStd, parameterization, widthScaleIn, widthScaleOut)</c>; BStd null means no bias.</summary>
internal sealed record DenseNode(int OutDim, double WStd, double? BStd, bool Standard, int WidthScaleIn, int WidthScaleOut) : LayerNode;

/// <summary>A closed-form nonlinearity: its factory method and arguments in the factory's order (integers and booleans as doubles).</summary>
internal sealed record ActivationNode(ActivationKind Kind, EquatableArray<double> Arguments) : LayerNode;

/// <summary><c>Stax.FanOut(count)</c>.</summary>
internal sealed record FanOutNode(int Count) : LayerNode;

/// <summary><c>Stax.FanInSum()</c>.</summary>
internal sealed record FanInSumNode : LayerNode;

/// <summary><c>Stax.FanInProd()</c>.</summary>
internal sealed record FanInProdNode : LayerNode;

/// <summary><c>Stax.FanInConcat(axis)</c>.</summary>
internal sealed record FanInConcatNode(int Axis) : LayerNode;

/// <summary><c>Stax.Identity()</c>.</summary>
internal sealed record IdentityNode : LayerNode;

/// <summary><c>Stax.Flatten()</c>.</summary>
internal sealed record FlattenNode : LayerNode;
