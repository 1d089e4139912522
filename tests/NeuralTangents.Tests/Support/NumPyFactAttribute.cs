namespace NeuralTangents.Tests.Support;

/// <summary>A fact that compares with a NumPy script: skipped, with the reason, only where <see cref="NumPy"/> cannot run.</summary>
public sealed class NumPyFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when <c>/usr/bin/python3</c> or its NumPy is absent.</summary>
    public NumPyFactAttribute()
    {
        if (NumPy.WhyUnavailable is { } reason) Skip = reason;
    }
}
