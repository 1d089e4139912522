namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// A row-major matrix seen through a pointer and a leading dimension, so that parallel loops of the managed
/// backend can reach pinned spans (spans themselves cannot be captured by lambdas). Valid only while the
/// memory it points into is pinned.
/// </summary>
internal readonly unsafe struct MatrixView<T> where T : unmanaged
{
    private readonly T* _origin;

    public MatrixView(T* origin, int leadingDimension)
    {
        _origin = origin;
        LeadingDimension = leadingDimension;
    }

    public int LeadingDimension { get; }

    /// <summary>Entries [column, column + length) of row <paramref name="row"/>.</summary>
    public Span<T> Row(int row, int column, int length) => new(_origin + (long)row * LeadingDimension + column, length);

    /// <summary>The sub-matrix whose entry (0, 0) is this one's (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public MatrixView<T> Offset(int row, int column) => new(_origin + (long)row * LeadingDimension + column, LeadingDimension);

    public ref T this[int row, int column] => ref _origin[(long)row * LeadingDimension + column];
}
