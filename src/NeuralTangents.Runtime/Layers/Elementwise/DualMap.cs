namespace NeuralTangents.Layers.Elementwise;

/// <summary>The three maps of a dual: which one produced a value, for messages.</summary>
internal enum DualMap
{
    /// <summary>T(c; q1, q2), the new NNGP entry.</summary>
    Nngp,

    /// <summary>Ṫ(c; q1, q2), the factor of the NTK entry.</summary>
    NtkFactor,

    /// <summary>T_d(q), the new variance.</summary>
    Variance,
}
