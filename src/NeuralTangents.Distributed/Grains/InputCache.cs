namespace NeuralTangents.Distributed;

/// <summary>
/// The inputs a worker keeps between jobs, as tensors, by precision, shape and SHA-256 (the same bytes under another
/// shape are another input), up to a byte budget: the least recently used go first. Jobs on the same data (other networks, other tile sizes, a resumed job) then compute
/// without fetching their inputs again. An input larger than the whole budget is not kept.
/// </summary>
internal sealed class InputCache(long capacity)
{
    private readonly LinkedList<(string Key, object Tensor, long Bytes)> _entries = [];
    private readonly Dictionary<string, LinkedListNode<(string Key, object Tensor, long Bytes)>> _byKey = [];
    private long _bytes;

    /// <summary>The bytes held.</summary>
    public long Bytes => _bytes;

    /// <summary>The tensor kept for <paramref name="input"/> in <paramref name="precision"/>, now the most recently used; null when none is.</summary>
    public object? Find(KernelPrecision precision, InputRef input)
    {
        if (!_byKey.TryGetValue(Key(precision, input), out var node)) return null;
        _entries.Remove(node);
        _entries.AddFirst(node);
        return node.Value.Tensor;
    }

    /// <summary>Keeps <paramref name="tensor"/>, the input <paramref name="input"/> names, dropping the least recently used inputs to make room.</summary>
    public void Add(KernelPrecision precision, InputRef input, object tensor)
    {
        string key = Key(precision, input);
        long bytes = input.Bytes;
        if (bytes > capacity || _byKey.ContainsKey(key)) return;
        while (_bytes + bytes > capacity && _entries.Last is { } oldest)
        {
            _entries.RemoveLast();
            _byKey.Remove(oldest.Value.Key);
            _bytes -= oldest.Value.Bytes;
        }
        _byKey[key] = _entries.AddFirst((key, tensor, bytes));
        _bytes += bytes;
    }

    private static string Key(KernelPrecision precision, InputRef input) => $"{precision}:{WireShape.Text(input.Shape)}:{input.Sha256}";
}
