namespace NeuralTangents;

/// <summary>Whether a Dropout layer drops units (training) or passes its input through (inference).</summary>
public enum DropoutMode
{
    /// <summary>Units are dropped at random and the kept ones scaled by 1/keep; the kernel follows.</summary>
    Train,

    /// <summary>The identity, kernel included.</summary>
    Test,
}
