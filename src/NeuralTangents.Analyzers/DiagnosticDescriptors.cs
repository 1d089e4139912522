using Microsoft.CodeAnalysis;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Rules;

namespace NeuralTangents.Analyzers;

/// <summary>
/// The catalog of diagnostics. Ids come from <see cref="RuleIds"/>, the same ids the runtime puts in its
/// <c>NetworkDefinitionException</c>s, and messages are the rules' own messages, so a mistake reads the same
/// at compile time and at run time.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NeuralTangents.Architecture";

    /// <summary>
    /// The help link of <paramref name="id"/>'s page: the <c>file://</c> address of the page the package carries (or of
    /// the repository checkout the analyzer was built in), else the configured address (<see cref="HelpLinks"/>).
    /// </summary>
    public static string HelpLink(string id) => HelpLinks.For(id);

    /// <summary>A closed-form nonlinearity receives a non-Gaussian input.</summary>
    public static readonly DiagnosticDescriptor NonGaussianInput = Error(RuleIds.NonGaussianInput,
        "Nonlinearity without a Gaussian input has no closed-form kernel");

    /// <summary>A layer receives an input of the wrong rank or size.</summary>
    public static readonly DiagnosticDescriptor ShapeMismatch = Error(RuleIds.ShapeMismatch, "Layer input has the wrong shape");

    /// <summary>A layer receives the wrong number of branches.</summary>
    public static readonly DiagnosticDescriptor BranchCountMismatch = Error(RuleIds.BranchCountMismatch, "Layer receives the wrong number of branches");

    /// <summary>A hyperparameter is out of its domain.</summary>
    public static readonly DiagnosticDescriptor InvalidHyperparameter = Error(RuleIds.InvalidHyperparameter, "Hyperparameter out of range");

    /// <summary>Branches joined by a fan-in have incompatible shapes.</summary>
    public static readonly DiagnosticDescriptor BranchShapeMismatch = Error(RuleIds.BranchShapeMismatch, "Joined branches have different shapes");

    /// <summary>A combination without an infinite-width limit.</summary>
    public static readonly DiagnosticDescriptor NoInfiniteWidthLimit = Error(RuleIds.NoInfiniteWidthLimit, "Layer combination has no infinite-width limit");

    /// <summary>A layout the kernel engine does not support.</summary>
    public static readonly DiagnosticDescriptor UnsupportedLayout = Error(RuleIds.UnsupportedLayout, "Kernel layout not supported");

    /// <summary>Standard-parameterization width scalings of neighbouring layers do not chain.</summary>
    public static readonly DiagnosticDescriptor WidthScalingMismatch = new(
        RuleIds.WidthScalingMismatch, "Width scalings do not chain", "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIds.WidthScalingMismatch));

    /// <summary>The network's output keeps spatial axes, so its kernel does too: usually a Flatten (or a global pool) is missing.</summary>
    public static readonly DiagnosticDescriptor SpatialKernelOutput = Warning(RuleIds.SpatialKernelOutput, "Network output keeps spatial axes");

    /// <summary>VALID windows whose strides never reach the last positions of an axis.</summary>
    public static readonly DiagnosticDescriptor DroppedBorder = Warning(RuleIds.DroppedBorder, "Strided VALID windows ignore the last positions");

    /// <summary>
    /// The kernel engine cannot compute the kernel with its default memory: one pair of items of a full pixel-pair
    /// covariance needs more than its largest default tile, or KernelBatchSize² entries exceed one array.
    /// </summary>
    public static readonly DiagnosticDescriptor FullCovarianceMemory = Warning(RuleIds.FullCovarianceMemory, "Kernel does not fit the kernel engine's default memory");

    /// <summary>Dropout in train mode in a network whose kernel is computed.</summary>
    public static readonly DiagnosticDescriptor TrainModeDropoutKernel = Warning(RuleIds.TrainModeDropoutKernel, "Dropout in train mode makes the kernel stochastic");

    /// <summary>A part of a fluent declaration the generator cannot evaluate at compile time (the class falls back to the runtime path).</summary>
    public static readonly DiagnosticDescriptor NotEvaluable = new(
        DiagnosticIds.NotEvaluable, "Declaration cannot be evaluated at compile time",
        "{2}: the source generator cannot evaluate '{0}' at compile time ({1}); the class uses the runtime path", Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.NotEvaluable));

    /// <summary>A model class the generator cannot use as declared.</summary>
    public static readonly DiagnosticDescriptor InvalidDeclaration = new(
        DiagnosticIds.InvalidDeclaration, "Network declaration is incomplete or malformed",
        "{0}: {1}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        helpLinkUri: HelpLink(DiagnosticIds.InvalidDeclaration));

    /// <summary>The source generator failed on a class (a bug in the generator, never in user code).</summary>
    public static readonly DiagnosticDescriptor GeneratorFailure = new(
        DiagnosticIds.GeneratorFailure, "Source generator failed",
        "{0}: the source generator failed ({1}); the class has no generated members", Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.GeneratorFailure));

    /// <summary>The descriptor for a diagnostic id of the catalog.</summary>
    public static DiagnosticDescriptor ById(string id) => id switch
    {
        DiagnosticIds.NotEvaluable => NotEvaluable,
        DiagnosticIds.InvalidDeclaration => InvalidDeclaration,
        DiagnosticIds.GeneratorFailure => GeneratorFailure,
        _ => For(new RuleViolation(id, "", "")),
    };

    /// <summary>The descriptor for a rule violation's id.</summary>
    public static DiagnosticDescriptor For(RuleViolation violation) => violation.Id switch
    {
        RuleIds.NonGaussianInput => NonGaussianInput,
        RuleIds.ShapeMismatch => ShapeMismatch,
        RuleIds.BranchCountMismatch => BranchCountMismatch,
        RuleIds.InvalidHyperparameter => InvalidHyperparameter,
        RuleIds.BranchShapeMismatch => BranchShapeMismatch,
        RuleIds.NoInfiniteWidthLimit => NoInfiniteWidthLimit,
        RuleIds.WidthScalingMismatch => WidthScalingMismatch,
        RuleIds.SpatialKernelOutput => SpatialKernelOutput,
        RuleIds.DroppedBorder => DroppedBorder,
        RuleIds.FullCovarianceMemory => FullCovarianceMemory,
        RuleIds.TrainModeDropoutKernel => TrainModeDropoutKernel,
        _ => UnsupportedLayout,
    };

    private static DiagnosticDescriptor Warning(string id, string title) => new(
        id, title, "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        helpLinkUri: HelpLink(id));

    private static DiagnosticDescriptor Error(string id, string title) => new(
        id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        helpLinkUri: HelpLink(id));
}
