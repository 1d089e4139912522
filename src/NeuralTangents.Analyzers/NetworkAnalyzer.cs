using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NeuralTangents.Analyzers.Analysis;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Rules;

namespace NeuralTangents.Analyzers;

/// <summary>
/// Reports architecture mistakes in <c>Stax</c> expressions while they are typed. Inside <c>[Network]</c> classes the
/// source generator already checks the whole network against its input shape (NT0001–NT0007, NT0100–NT0102), so
/// this analyzer adds only what the generator does not report there (NT0008); everywhere else it reports the
/// factory checks (NT0004, NT0006) and the series rules (NT0001, NT0008) at the offending call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NonGaussianInput, DiagnosticDescriptors.ShapeMismatch, DiagnosticDescriptors.InvalidHyperparameter,
        DiagnosticDescriptors.NoInfiniteWidthLimit, DiagnosticDescriptors.WidthScalingMismatch);

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

    /// <summary>The width-scaling chain of an attribute stack (the generator checks everything else about it).</summary>
    private static void AnalyzeAttributeStack(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DeclarationParser.NetworkAttribute)) return;
        var links = new List<ChainLink>();
        foreach (var attribute in type.GetAttributes().Where(AttributeStackReader.IsLayer))
        {
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? Location.None;
            try
            {
                links.Add(new ChainLink(AttributeStackReader.Read(attribute, context.Compilation), location));
            }
            catch (NotEvaluableException)
            {
                links.Add(new ChainLink(null, location));
            }
        }
        foreach (var (violation, location) in ChainChecks.Check(links, outsideNetwork: false))
            Report(context.ReportDiagnostic, violation, location);
    }

    private static bool InsideNetwork(ISymbol? symbol)
    {
        for (var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType; type is not null; type = type.ContainingType)
            if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DeclarationParser.NetworkAttribute)) return true;
        return false;
    }

    private static void Report(System.Action<Diagnostic> report, RuleViolation violation, Location location) =>
        report(Diagnostic.Create(DiagnosticDescriptors.For(violation), location, violation.Message));
}
