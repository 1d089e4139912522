namespace NeuralTangents.Generators;

/// <summary>Names of the generator's pipeline stages (for incrementality tests).</summary>
internal static class TrackingNames
{
    /// <summary>Declarations found and parsed into <c>ArchitectureModel</c>s.</summary>
    public const string Models = "Models";

    /// <summary>Models validated and planned into <c>GenerationPlan</c>s.</summary>
    public const string Plans = "Plans";
}
