namespace NeuralTangents.Architecture.Model;

/// <summary><c>Stax.Dropout(rate, mode)</c>: Rate is the keep probability, Train the mode (false: Test, the identity).</summary>
internal sealed record DropoutNode(double Rate, bool Train) : LayerNode;
