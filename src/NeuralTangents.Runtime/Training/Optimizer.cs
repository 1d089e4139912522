using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// A first-order optimizer that updates parameters in place from their gradient, keeping its own state
/// (velocities, moments) per parameter tensor. One optimizer instance trains one parameter tree.
/// </summary>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private int[]? _leafLengths;

    /// <summary>Creates an optimizer with step size <paramref name="learningRate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is not positive and finite.</exception>
    protected Optimizer(double learningRate)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        LearningRate = learningRate;
    }

    /// <summary>The step size.</summary>
    public double LearningRate { get; }

    /// <summary>The number of steps taken.</summary>
    public int Steps { get; private set; }

    /// <summary>Updates <paramref name="parameters"/> in place by one step against <paramref name="gradient"/>.</summary>
    /// <exception cref="ArgumentException">The gradient is not shaped like the parameters, or the parameters are not the tree this optimizer has been training.</exception>
    public void Step(Parameters<T> parameters, Parameters<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Finite.ParameterTree.CheckSameStructure(parameters, gradient, nameof(gradient), nameof(parameters));
        var leaves = parameters.Leaves().ToArray();
        var lengths = leaves.Select(l => l.Length).ToArray();
        if (_leafLengths is null)
        {
            _leafLengths = lengths;
            Initialize(lengths);
        }
        else if (!_leafLengths.AsSpan().SequenceEqual(lengths))
            throw new ArgumentException(
                $"This optimizer's state belongs to a tree with {_leafLengths.Length} tensors of lengths [{string.Join(", ", _leafLengths)}]; use one optimizer per parameter tree.",
                nameof(parameters));
        Steps++;
        int index = 0;
        foreach (var (leaf, grad) in leaves.Zip(gradient.Leaves())) Update(index++, leaf.Data, grad.Data);
    }

    /// <summary>Allocates the state for tensors of the given lengths (called once, before the first update).</summary>
    private protected abstract void Initialize(int[] lengths);

    /// <summary>Updates one tensor in place; <see cref="Steps"/> already counts this step.</summary>
    private protected abstract void Update(int leaf, Span<T> parameter, ReadOnlySpan<T> gradient);
}
