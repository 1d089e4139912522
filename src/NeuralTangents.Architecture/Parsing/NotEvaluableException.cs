using System;
using NeuralTangents.Architecture.Model;

namespace NeuralTangents.Architecture.Parsing;

/// <summary>
/// Thrown inside the parser when a part of a declaration cannot be evaluated at compile time; the parser turns
/// it into a diagnostic that names the expression (and the class falls back to the runtime path). It never leaves
/// the parser.
/// </summary>
internal sealed class NotEvaluableException : Exception
{
    public NotEvaluableException(string expression, string reason, LocationInfo? location)
        : base(reason)
    {
        Expression = expression;
        Reason = reason;
        Location = location;
    }

    /// <summary>The source text of the expression.</summary>
    public string Expression { get; }

    /// <summary>Why it cannot be evaluated.</summary>
    public string Reason { get; }

    /// <summary>Where it is.</summary>
    public LocationInfo? Location { get; }
}
