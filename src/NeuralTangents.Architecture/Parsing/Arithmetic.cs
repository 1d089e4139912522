using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NeuralTangents.Architecture.Parsing;

/// <summary>
/// C# arithmetic on evaluated constants (int, long, double, bool), for expressions that involve block parameters
/// and so are not folded by the compiler. Returns null where an operator does not apply.
/// </summary>
internal static class Arithmetic
{
    /// <summary>A number as double, or null.</summary>
    public static double? ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        _ => null,
    };

    /// <summary><paramref name="left"/> op <paramref name="right"/>, in the arithmetic of <paramref name="resultType"/>.</summary>
    public static object? Binary(BinaryOperatorKind kind, object? left, object? right, ITypeSymbol? resultType)
    {
        if (left is bool a && right is bool b)
        {
            return kind switch
            {
                BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And => a && b,
                BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or => a || b,
                BinaryOperatorKind.ExclusiveOr => a ^ b,
                BinaryOperatorKind.Equals => a == b,
                BinaryOperatorKind.NotEquals => a != b,
                _ => null,
            };
        }
        if (ToDouble(left) is not double x || ToDouble(right) is not double y) return null;
        bool integral = left is int or long && right is int or long;
        switch (kind)
        {
            case BinaryOperatorKind.Equals: return x == y;
            case BinaryOperatorKind.NotEquals: return x != y;
            case BinaryOperatorKind.LessThan: return x < y;
            case BinaryOperatorKind.LessThanOrEqual: return x <= y;
            case BinaryOperatorKind.GreaterThan: return x > y;
            case BinaryOperatorKind.GreaterThanOrEqual: return x >= y;
        }
        if (integral)
        {
            long l = System.Convert.ToInt64(left), r = System.Convert.ToInt64(right);
            long? result = kind switch
            {
                BinaryOperatorKind.Add => unchecked(l + r),
                BinaryOperatorKind.Subtract => unchecked(l - r),
                BinaryOperatorKind.Multiply => unchecked(l * r),
                BinaryOperatorKind.Divide when r != 0 => l / r,
                BinaryOperatorKind.Remainder when r != 0 => l % r,
                _ => null,
            };
            if (result is not long value) return null;
            return resultType?.SpecialType == SpecialType.System_Int64 ? value : unchecked((int)value);
        }
        return kind switch
        {
            BinaryOperatorKind.Add => x + y,
            BinaryOperatorKind.Subtract => x - y,
            BinaryOperatorKind.Multiply => x * y,
            BinaryOperatorKind.Divide => x / y,
            BinaryOperatorKind.Remainder => x % y,
            _ => null,
        };
    }

    /// <summary>op <paramref name="operand"/>.</summary>
    public static object? Unary(UnaryOperatorKind kind, object? operand) => (kind, operand) switch
    {
        (UnaryOperatorKind.Not, bool b) => !b,
        (UnaryOperatorKind.Minus, int i) => unchecked(-i),
        (UnaryOperatorKind.Minus, long l) => unchecked(-l),
        (UnaryOperatorKind.Minus, double d) => -d,
        (UnaryOperatorKind.Plus, int or long or double) => operand,
        _ => null,
    };
}
