using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using NeuralTangents.Architecture.Catalog;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Parsing;

/// <summary>
/// Evaluates a fluent declaration at compile time over Roslyn's operation tree: constants (literals, <c>const</c>s,
/// enum members, default arguments), arithmetic and conditionals on them, arrays, tuples, <c>Stax</c> factory calls,
/// and calls to the class's <c>[Block]</c> methods, which are inlined with their arguments bound to their
/// parameters (and their locals evaluated in order). Anything else throws <see cref="NotEvaluableException"/>
/// naming the expression.
/// </summary>
internal sealed class FluentEvaluator
{
    private const string StaxType = "NeuralTangents.Stax";

    private const string AxisIndexType = "NeuralTangents.AxisIndex";
    private const string BlockAttribute = "NeuralTangents.BlockAttribute";
    private const int MaxBlockDepth = 32;

    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellation;

    /// <summary>Where each node built so far is written (by reference: equal nodes may be written in different places), and the [Block] calls it came through.</summary>
    private readonly Dictionary<LayerNode, (LocationInfo Location, IReadOnlyList<LocationInfo> Calls)> _written = new(ReferenceComparer.Instance);

    public FluentEvaluator(Compilation compilation, CancellationToken cancellation)
    {
        _compilation = compilation;
        _cancellation = cancellation;
    }

    /// <summary>
    /// Evaluates the body of a property getter or method (expression body, or locals then <c>return</c>);
    /// <paramref name="calls"/>: the <c>[Block]</c> calls that led to it, outermost first (none for the Architecture property).
    /// </summary>
    public object? EvaluateBody(SyntaxNode declaration, Dictionary<string, object?> parameters, int depth, IReadOnlyList<LocationInfo>? calls = null)
    {
        var body = BodyOf(declaration)
            ?? throw new NotEvaluableException(declaration.ToString(), "it has no body the generator can read (use an expression body or a return statement)", Locations.Of(declaration));
        var model = _compilation.GetSemanticModel(body.SyntaxTree);
        var scope = new Scope(parameters, depth, calls ?? Array.Empty<LocationInfo>());
        if (body is ExpressionSyntax expression) return Evaluate(Operation(model, expression), scope);
        var block = (BlockSyntax)body;
        foreach (var statement in block.Statements)
        {
            _cancellation.ThrowIfCancellationRequested();
            switch (Operation(model, statement))
            {
                case IVariableDeclarationGroupOperation group:
                    foreach (var declarator in group.Declarations.SelectMany(d => d.Declarators))
                    {
                        var initializer = declarator.GetVariableInitializer()?.Value
                            ?? throw Fail(declarator, "a local without an initializer");
                        scope.Locals[declarator.Symbol.Name] = Evaluate(initializer, scope);
                    }
                    break;
                case IReturnOperation { ReturnedValue: { } returned }:
                    return Evaluate(returned, scope);
                default:
                    throw Fail(statement, "only local declarations and a return statement are evaluated in a declaration's body");
            }
        }
        throw new NotEvaluableException(declaration.ToString(), "the body does not return a value", Locations.Of(declaration));
    }

    private IOperation Operation(SemanticModel model, SyntaxNode node) =>
        model.GetOperation(node, _cancellation) ?? throw Fail(node, "the compiler could not bind it");

    private object? Evaluate(IOperation operation, Scope scope)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (operation.ConstantValue.HasValue) return Constant(operation.ConstantValue.Value, operation.Type);
        switch (operation)
        {
            case IConversionOperation conversion:
                return Convert(Evaluate(conversion.Operand, scope), conversion.Type, conversion);
            case IParameterReferenceOperation parameter:
                return scope.Parameters.TryGetValue(parameter.Parameter.Name, out var argument) ? argument
                    : throw Fail(operation, $"parameter '{parameter.Parameter.Name}' has no compile-time value");
            case ILocalReferenceOperation local:
                return scope.Locals.TryGetValue(local.Local.Name, out var value) ? value
                    : throw Fail(operation, $"local '{local.Local.Name}' has no compile-time value");
            case IBinaryOperation binary:
                return Arithmetic.Binary(binary.OperatorKind, Evaluate(binary.LeftOperand, scope), Evaluate(binary.RightOperand, scope), binary.Type)
                    ?? throw Fail(operation, "the operator does not apply to these constants");
            case IUnaryOperation unary:
                return Arithmetic.Unary(unary.OperatorKind, Evaluate(unary.Operand, scope))
                    ?? throw Fail(operation, "the operator does not apply to this constant");
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Evaluate(conditional.Condition, scope) switch
                {
                    true => Evaluate(conditional.WhenTrue, scope),
                    false => Evaluate(whenFalse, scope),
                    _ => throw Fail(conditional.Condition, "the condition is not a boolean constant"),
                };
            case ICoalesceOperation coalesce:
                return Evaluate(coalesce.Value, scope) ?? Evaluate(coalesce.WhenNull, scope);
            case IArrayCreationOperation array:
                return array.Initializer is null ? Array.Empty<object?>() : Elements(array.Initializer.ElementValues, scope);
            case IArrayInitializerOperation nested:
                // The rows of a multi-dimensional array initializer (DotGeneral's matrix).
                return Elements(nested.ElementValues, scope);
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "All" } property } when property.ContainingType?.ToDisplayString() == AxisIndexType:
                return new IndexEntry(IndexKind.All, null, null, 1);
            case ICollectionExpressionOperation collection:
                return Elements(collection.Elements, scope);
            case ITupleOperation tuple:
                return Elements(tuple.Elements, scope);
            case IDefaultValueOperation:
                return operation.Type is { IsValueType: true } type && type.SpecialType != SpecialType.None
                    ? Constant(0, type)
                    : null;
            case IInvocationOperation invocation:
                return Invoke(invocation, scope);
            default:
                throw Fail(operation, "it is not a constant, a block parameter, a Stax call or a [Block] call");
        }
    }

    private IReadOnlyList<object?> Elements(IEnumerable<IOperation> elements, Scope scope) => elements.Select(e => Evaluate(e, scope)).ToArray();

    private object? Invoke(IInvocationOperation invocation, Scope scope)
    {
        var method = invocation.TargetMethod;
        bool stax = method.ContainingType?.ToDisplayString() == StaxType;
        if (stax && StaxCatalog.NeverEvaluable(method.Name) is { } reason) throw Fail(invocation, reason);
        var arguments = new Dictionary<string, object?>();
        foreach (var argument in invocation.Arguments)
            arguments[argument.Parameter?.Name ?? "?"] = Evaluate(argument.Value, scope);

        if (method.ContainingType?.ToDisplayString() == AxisIndexType) return IndexEntryOf(method.Name, arguments, invocation);

        if (stax)
        {
            var location = Locations.Of(invocation.Syntax);
            var node = StaxCatalog.Build(method.Name, arguments, invocation.Syntax.ToString(), location);
            // The first call that yields a node is where it is written.
            if (location is not null && !_written.ContainsKey(node)) _written[node] = (location, scope.Calls);
            return node;
        }

        if (method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == BlockAttribute))
        {
            if (scope.Depth >= MaxBlockDepth)
                throw Fail(invocation, $"[Block] methods nest deeper than {MaxBlockDepth} calls (recursion?)");
            var declaration = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellation)
                ?? throw Fail(invocation, $"the [Block] method {method.Name} has no source in this compilation");
            var call = Locations.Of(invocation.Syntax);
            return EvaluateBody(declaration, arguments, scope.Depth + 1, call is null ? scope.Calls : scope.Calls.Concat(new[] { call }).ToArray());
        }

        throw Fail(invocation, $"{method.ContainingType?.Name}.{method.Name} is neither a Stax factory nor a [Block] method");
    }

    /// <summary>An <c>AxisIndex.At(position)</c> or <c>AxisIndex.Slice(start, stop, step)</c> call with constant arguments.</summary>
    private static IndexEntry IndexEntryOf(string method, Dictionary<string, object?> arguments, IOperation operation)
    {
        int? Optional(string name) => arguments.TryGetValue(name, out var value) && value is not null
            ? value switch
            {
                int i => i,
                long l => (int)l,
                _ => throw Fail(operation, $"{name} is not an integer constant"),
            }
            : null;
        switch (method)
        {
            case "At": return new IndexEntry(IndexKind.At, Optional("position") ?? throw Fail(operation, "position is missing"), null, 1);
            case "Slice":
            {
                int step = Optional("step") ?? 1;
                if (step == 0) throw Fail(operation, "a slice's step must be nonzero");
                return new IndexEntry(IndexKind.Slice, Optional("start"), Optional("stop"), step);
            }
            default: throw Fail(operation, $"AxisIndex.{method} is not an index constant");
        }
    }

    private static object? Convert(object? value, ITypeSymbol? target, IOperation operation)
    {
        if (target is null || value is null || value is LayerNode || value is IReadOnlyList<object?>) return value;
        var type = target is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : target;
        if (type.TypeKind == TypeKind.Enum) return value is EnumValue ? value : Constant(value, type);
        switch (type.SpecialType)
        {
            case SpecialType.System_Double: return Arithmetic.ToDouble(value) ?? throw Fail(operation, "not a numeric constant");
            case SpecialType.System_Single: return (double?)(float?)Arithmetic.ToDouble(value) ?? throw Fail(operation, "not a numeric constant");
            case SpecialType.System_Int32:
            case SpecialType.System_Int64:
                return value switch
                {
                    int i => i,
                    long l => type.SpecialType == SpecialType.System_Int32 ? (object)unchecked((int)l) : l,
                    double d => type.SpecialType == SpecialType.System_Int32 ? (object)unchecked((int)d) : (long)d,
                    _ => throw Fail(operation, "not an integer constant"),
                };
            default:
                return value;
        }
    }

    /// <summary>A compile-time constant as the evaluator's value: enums become <see cref="EnumValue"/>, float widens to double.</summary>
    public static object? Constant(object? value, ITypeSymbol? type)
    {
        if (value is null) return null;
        var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
        if (underlying is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            long raw = System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            var member = enumType.GetMembers().OfType<IFieldSymbol>()
                .FirstOrDefault(f => f.HasConstantValue && System.Convert.ToInt64(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture) == raw);
            return new EnumValue(enumType.ToDisplayString(), member?.Name, raw);
        }
        return value switch
        {
            float f => (double)f,
            short s => (int)s,
            byte b => (int)b,
            _ => value,
        };
    }

    private static SyntaxNode? BodyOf(SyntaxNode declaration) => declaration switch
    {
        PropertyDeclarationSyntax { ExpressionBody: { } arrow } => arrow.Expression,
        PropertyDeclarationSyntax { Initializer: { } initializer } => initializer.Value,
        PropertyDeclarationSyntax { AccessorList: { } accessors } => accessors.Accessors
            .Where(a => a.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.GetAccessorDeclaration))
            .Select(a => (SyntaxNode?)a.ExpressionBody?.Expression ?? a.Body).FirstOrDefault(),
        MethodDeclarationSyntax { ExpressionBody: { } arrow } => arrow.Expression,
        MethodDeclarationSyntax { Body: { } body } => body,
        VariableDeclaratorSyntax { Initializer: { } initializer } => initializer.Value,
        _ => null,
    };

    /// <summary>Where each node of the tree under <paramref name="root"/> is written, by declared path (a Repeat's block is child 0).</summary>
    public IReadOnlyList<LayerSpan> Spans(LayerNode root)
    {
        var spans = new List<LayerSpan>();
        void Collect(LayerNode node, string path)
        {
            if (_written.TryGetValue(node, out var written))
                spans.Add(new LayerSpan(path, written.Location, written.Calls.ToEquatableArray()));
            switch (node)
            {
                case SerialNode serial:
                    for (int i = 0; i < serial.Layers.Count; i++) Collect(serial.Layers[i], Validation.ArchitectureValidator.Child(path, i));
                    break;
                case ParallelNode parallel:
                    for (int i = 0; i < parallel.Layers.Count; i++) Collect(parallel.Layers[i], Validation.ArchitectureValidator.Child(path, i));
                    break;
                case RepeatNode repeat:
                    Collect(repeat.Block, Validation.ArchitectureValidator.Child(path, 0));
                    break;
            }
        }
        Collect(root, "");
        return spans;
    }

    private static NotEvaluableException Fail(IOperation operation, string reason) => Fail(operation.Syntax, reason);

    private static NotEvaluableException Fail(SyntaxNode node, string reason) =>
        new(node.ToString(), reason, Locations.Of(node));

    private sealed class Scope
    {
        public Scope(Dictionary<string, object?> parameters, int depth, IReadOnlyList<LocationInfo> calls)
        {
            Parameters = parameters;
            Depth = depth;
            Calls = calls;
        }

        /// <summary>The [Block] calls that led to this body, outermost first.</summary>
        public IReadOnlyList<LocationInfo> Calls { get; }

        public Dictionary<string, object?> Parameters { get; }

        public Dictionary<string, object?> Locals { get; } = new();

        public int Depth { get; }
    }

    /// <summary>Compares nodes by reference (records compare by value).</summary>
    private sealed class ReferenceComparer : IEqualityComparer<LayerNode>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(LayerNode? x, LayerNode? y) => ReferenceEquals(x, y);

        public int GetHashCode(LayerNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
