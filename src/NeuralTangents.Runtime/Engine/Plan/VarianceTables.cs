using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The same-position variances of every item of one input at the input of every nonlinearity of a plan, recorded
/// once per item by a variance run and read by every pair that item is part of. Table d holds, for the diagonal
/// form, [position][item] (so a block of column items is contiguous) and, for the full form, [item][position]
/// (so one item's positions are contiguous).
/// </summary>
internal sealed class VarianceTables<T> where T : unmanaged
{
    private readonly T[][] _tables;

    public VarianceTables(IReadOnlyList<PlanDual> duals, int items)
    {
        Items = items;
        _tables = duals.Select(d => new T[(long)items * d.Positions]).ToArray();
        Forms = duals.Select(d => d.Form).ToArray();
        Positions = duals.Select(d => d.Positions).ToArray();
    }

    /// <summary>Items of the input these tables describe.</summary>
    public int Items { get; }

    /// <summary>The form of each nonlinearity's input.</summary>
    public SpatialForm[] Forms { get; }

    /// <summary>The positions of each nonlinearity's input.</summary>
    public int[] Positions { get; }

    /// <summary>Table <paramref name="dual"/>.</summary>
    public T[] this[int dual] => _tables[dual];

    /// <summary>Where item <paramref name="item"/>'s variance at <paramref name="position"/> lies in table <paramref name="dual"/>.</summary>
    public int Index(int dual, int item, int position) =>
        Forms[dual] == SpatialForm.Full ? item * Positions[dual] + position : position * Items + item;
}
