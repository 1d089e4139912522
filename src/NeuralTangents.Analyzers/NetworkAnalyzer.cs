using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NeuralTangents.Analyzers.Analysis;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Rules;

namespace NeuralTangents.Analyzers;

/// <summary>
/// Reports architecture mistakes in <c>Stax</c> expressions while they are typed. Inside <c>[Network]</c> classes it
/// parses the declaration and checks the whole network against its input shape with the shared rules, as the source
/// generator plans from them: the declaration diagnostics (NT0100, NT0101), the first broken rule (NT0001–NT0007),
/// NT0008, and for a valid network the warnings no runtime rule throws for (NT0009–NT0012, NT0101 for a bad
/// <c>KernelBatchSize</c>); being analyzer diagnostics, all of them can be suppressed with <c>#pragma</c> and
/// <c>.editorconfig</c>. Everywhere else it reports the factory checks (NT0004, NT0006) and the series rules (NT0001,
/// NT0002, NT0008) at the offending call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NonGaussianInput, DiagnosticDescriptors.ShapeMismatch, DiagnosticDescriptors.BranchCountMismatch, DiagnosticDescriptors.InvalidHyperparameter,
        DiagnosticDescriptors.BranchShapeMismatch, DiagnosticDescriptors.NoInfiniteWidthLimit, DiagnosticDescriptors.UnsupportedLayout, DiagnosticDescriptors.WidthScalingMismatch, DiagnosticDescriptors.SpatialKernelOutput, DiagnosticDescriptors.DroppedBorder,
        DiagnosticDescriptors.FullCovarianceMemory, DiagnosticDescriptors.TrainModeDropoutKernel, DiagnosticDescriptors.NotEvaluable, DiagnosticDescriptors.InvalidDeclaration);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterSymbolAction(AnalyzeAttributeStack, SymbolKind.NamedType);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!StaxCallReader.IsStax(invocation)) return;
        bool generatorChecks = InsideNetwork(context.ContainingSymbol);
        if (!generatorChecks && HyperparameterChecks.Check(invocation) is { } violation)
            Report(context.ReportDiagnostic, violation, invocation.Syntax.GetLocation());
        if (invocation.TargetMethod.Name != "Serial") return;
        var links = StaxCallReader.ParamsElements(invocation, "layers")
            .Select(element => new ChainLink(StaxCallReader.Read(element), element.Syntax.GetLocation(), StaxCallReader.RankOf(element))).ToList();
        foreach (var (chainViolation, location) in ChainChecks.Check(links, outsideNetwork: !generatorChecks))
            Report(context.ReportDiagnostic, chainViolation, location);
    }

    /// <summary>The width-scaling chain of an attribute stack, then the checks of the parsed declaration.</summary>
    private static void AnalyzeAttributeStack(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DeclarationParser.NetworkAttribute)) return;
        // Read once: the chain checks and the parser of the shape checks share the nodes.
        var stack = AttributeStackReader.ReadStack(type, context.Compilation);
        var links = stack.Select(layer => new ChainLink(layer.Node, AttributeLocation(layer.Attribute, context.CancellationToken) ?? Location.None)).ToList();
        foreach (var (violation, location) in ChainChecks.Check(links, outsideNetwork: false))
            Report(context.ReportDiagnostic, violation, location);
        AnalyzeShapes(context, type, stack);
    }

    /// <summary>
    /// The diagnostics that need the parsed declaration and its input shape: the declaration diagnostics (NT0100, NT0101)
    /// and the first broken rule (NT0001–NT0007, an error: a rule that only the kernel breaks leaves Init and Apply
    /// working but makes KernelFn throw), from the shared <see cref="ModelCheck"/> the generator plans from; then, for a
    /// valid network, the warnings no runtime rule throws for (NT0009–NT0012). Each is located at the attribute or
    /// <c>Stax</c> call that causes it, with the others involved as additional locations.
    /// </summary>
    private static void AnalyzeShapes(SymbolAnalysisContext context, INamedTypeSymbol type, IReadOnlyList<AttributeLayer> stack)
    {
        var model = DeclarationParser.Parse(type, context.Compilation, context.CancellationToken, stack);
        var check = ModelCheck.Of(model);
        foreach (var diagnostic in check.Diagnostics)
            Report(context, DiagnosticDescriptors.ById(diagnostic.Id), diagnostic.Location, diagnostic.AdditionalLocations, diagnostic.Arguments.ToArray());

        var network = type.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == DeclarationParser.NetworkAttribute);
        int batchSize = DefaultKernelBatchSize;
        foreach (var named in network.NamedArguments)
            if (named.Key == KernelBatchSizeProperty && named.Value.Value is int size) batchSize = size;
        if (batchSize < 1)
        {
            Report(context, DiagnosticDescriptors.InvalidDeclaration, model.NetworkLocation ?? model.Location, default, type.Name,
                $"KernelBatchSize is the number of items of the kernel the memory warning assumes and must be at least 1, got {batchSize}");
            return;
        }

        if (model.Diagnostics.Count > 0 || check.Validation is not { } validation) return;
        foreach (var finding in NetworkChecks.Check(model, validation, batchSize))
            Report(context, DiagnosticDescriptors.For(finding.Violation), finding.Location, finding.AdditionalLocations, finding.Violation.Message);
    }

    private static void Report(SymbolAnalysisContext context, DiagnosticDescriptor descriptor, LocationInfo? location, EquatableArray<LocationInfo> additional,
        params object[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, SourceLocations.Of(location, context.Compilation),
            additional.Select(info => SourceLocations.Of(info, context.Compilation)), arguments));

    /// <summary>Where <paramref name="attribute"/> is written, when it is in source.</summary>
    private static Location? AttributeLocation(AttributeData attribute, System.Threading.CancellationToken cancellation) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellation).GetLocation();

    /// <summary>The <c>[Network]</c> property that states the kernel size for NT0011, and its default (as the runtime's attribute declares them).</summary>
    private const string KernelBatchSizeProperty = "KernelBatchSize";

    private const int DefaultKernelBatchSize = 1000;

    private static bool InsideNetwork(ISymbol? symbol)
    {
        for (var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType; type is not null; type = type.ContainingType)
            if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DeclarationParser.NetworkAttribute)) return true;
        return false;
    }

    private static void Report(System.Action<Diagnostic> report, RuleViolation violation, Location location) =>
        report(Diagnostic.Create(DiagnosticDescriptors.For(violation), location, violation.Message));
}
