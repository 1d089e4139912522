using NeuralTangents.Random;

namespace NeuralTangents;

/// <summary>
/// A key of the library's counter-based pseudo-random generator, in the style of JAX's keys: a key is a
/// value, never mutated; <see cref="Split"/> derives independent child keys, and every random tensor is a
/// pure function of its key. The same key gives bit-identical parameters on every machine.
/// </summary>
/// <remarks>
/// The generator is SplitMix64 (Steele, Lea and Flood, 2014) used as a counter-based hash: the k-th 64-bit
/// word of key <c>s</c> is <c>mix(s + (k + 1)·0x9E3779B97F4A7C15)</c>, with <c>mix</c> SplitMix64's output
/// function (z ^= z &gt;&gt; 30; z *= 0xBF58476D1CE4E5B9; z ^= z &gt;&gt; 27; z *= 0x94D049BB133111EB; z ^= z &gt;&gt; 31),
/// so words 0, 1, … are exactly the outputs of the SplitMix64 generator seeded with <c>s</c>. Child key
/// <c>i</c> of <c>s</c> is <c>mix(mix(s ^ 0x5851F42D4C957F2D) + i)</c>. Normal variates come from the inverse normal CDF
/// (Wichura's AS241) of 53-bit uniforms, using only IEEE-exact arithmetic (see <see cref="NormalSampler"/>).
/// </remarks>
public readonly record struct PrngKey(ulong Value)
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>Derives <paramref name="count"/> independent child keys.</summary>
    public PrngKey[] Split(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var keys = new PrngKey[count];
        for (int i = 0; i < count; i++) keys[i] = Child(i);
        return keys;
    }

    /// <summary>The <paramref name="index"/>-th child key (the same as <c>Split(n)[index]</c> for any n &gt; index).</summary>
    public PrngKey Child(int index) => new(Mix(Mix(Value ^ 0x5851F42D4C957F2DUL) + (ulong)index));

    /// <summary>The <paramref name="counter"/>-th 64-bit word of this key's stream.</summary>
    public ulong Word(long counter) => Mix(Value + ((ulong)counter + 1) * Golden);

    /// <summary>A uniform double in the open interval (0, 1) from word <paramref name="counter"/>.</summary>
    public double Uniform(long counter) => ((Word(counter) >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Fills <paramref name="destination"/> with standard normal variates (counters 0, 1, …).</summary>
    public void FillNormal(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = NormalSampler.InverseCdf(Uniform(i));
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with standard normal variates (counters 0, 1, …) rounded to
    /// <typeparamref name="T"/>; large fills run in parallel, with the same values as a sequential fill.
    /// </summary>
    public void FillNormal<T>(T[] destination, double scale) where T : System.Numerics.IFloatingPoint<T>
    {
        const int Chunk = 1 << 14;
        var key = this;
        System.Threading.Tasks.Parallel.For(0, (destination.Length + Chunk - 1) / Chunk, chunk =>
        {
            int end = Math.Min(destination.Length, (chunk + 1) * Chunk);
            for (int i = chunk * Chunk; i < end; i++) destination[i] = T.CreateTruncating(scale * NormalSampler.InverseCdf(key.Uniform(i)));
        });
    }

    /// <summary>
    /// A tensor of <paramref name="shape"/> filled with standard normal samples of this key (counters 0, 1, … in
    /// row-major order), as JAX's <c>random.normal(key, shape)</c>: the same key gives the same tensor on every machine.
    /// </summary>
    /// <exception cref="ArgumentException">An axis of <paramref name="shape"/> is negative.</exception>
    public Tensor<T> Normal<T>(params int[] shape) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var samples = Tensor<T>.Zeros(shape);
        FillNormal(samples.Data, 1.0);
        return samples;
    }

    /// <summary>A float32 tensor of <paramref name="shape"/> of standard normal samples (see <see cref="Normal{T}"/>).</summary>
    /// <exception cref="ArgumentException">An axis of <paramref name="shape"/> is negative.</exception>
    public Tensor<float> Normal(params int[] shape) => Normal<float>(shape);

    /// <summary>SplitMix64's output function (the generator adds the golden gamma to its state before it, not inside it).</summary>
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
