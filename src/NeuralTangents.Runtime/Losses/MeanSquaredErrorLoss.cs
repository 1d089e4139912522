namespace NeuralTangents.Losses;

/// <summary>½·mean((f − y)²): gradient (f − y)/N_y.</summary>
internal sealed class MeanSquaredErrorLoss : Loss
{
    public override string Name => "MeanSquaredError";

    public override double Value(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, int outputsPerItem)
    {
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++) sum += (outputs[i] - targets[i]) * (outputs[i] - targets[i]);
        return 0.5 * sum / outputs.Length;
    }

    public override void Gradient(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, int outputsPerItem, Span<double> gradient)
    {
        double scale = 1.0 / outputs.Length;
        for (int i = 0; i < outputs.Length; i++) gradient[i] = (outputs[i] - targets[i]) * scale;
    }
}
