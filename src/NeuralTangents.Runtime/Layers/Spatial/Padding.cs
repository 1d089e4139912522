namespace NeuralTangents;

/// <summary>How Conv and the pooling layers treat the borders (Neural Tangents' <c>Padding</c>).</summary>
public enum Padding
{
    /// <summary>Only windows inside the input: out = ⌊(in − k)/s⌋ + 1.</summary>
    Valid = 0,

    /// <summary>Zeros around the input so that out = ⌈in/s⌉; zeros still count in the filter size.</summary>
    Same = 1,

    /// <summary>The input wraps around (periodic), with the output size of <see cref="Same"/>.</summary>
    Circular = 2,
}
