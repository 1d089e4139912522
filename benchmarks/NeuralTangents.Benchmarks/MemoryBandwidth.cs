using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.Benchmarks;

/// <summary>
/// The machine's achievable memory bandwidth, measured like STREAM's "add": c = a + b over arrays far larger
/// than the caches, split across all cores. Bytes counted: two reads and one write per element.
/// </summary>
internal sealed class MemoryBandwidth
{
    private readonly float[] _a, _b, _c;

    public MemoryBandwidth(int elements)
    {
        _a = new float[elements];
        _b = new float[elements];
        _c = new float[elements];
        // Touch every page so the first measured run does not pay for page faults.
        Array.Fill(_a, 1f);
        Array.Fill(_b, 2f);
        Array.Fill(_c, 0f);
    }

    public double BytesPerRun => 3.0 * sizeof(float) * _a.Length;

    public void Run()
    {
        int parts = Environment.ProcessorCount;
        int chunk = (_a.Length + parts - 1) / parts;
        Parallel.For(0, parts, part =>
        {
            int start = part * chunk, length = Math.Min(chunk, _a.Length - start);
            if (length <= 0) return;
            TensorPrimitives.Add(_a.AsSpan(start, length), _b.AsSpan(start, length), _c.AsSpan(start, length));
        });
    }
}
