using NeuralTangents;

namespace InfiniteFcn;

/// <summary>
/// Prints kernel progress at every further tenth of the tiles and at least every two seconds, so that a long
/// run shows signs of life without flooding the console. Reports arrive on the computing thread, in order.
/// </summary>
internal sealed class ConsoleProgress : IProgress<KernelProgress>
{
    private int _lastTenth = -1;
    private TimeSpan _lastPrinted = TimeSpan.Zero;

    public void Report(KernelProgress value)
    {
        int tenth = (int)(value.Fraction * 10);
        bool done = value.TilesDone == value.TilesTotal;
        if (tenth == _lastTenth && value.Elapsed - _lastPrinted < TimeSpan.FromSeconds(2) && !done) return;
        _lastTenth = tenth;
        _lastPrinted = value.Elapsed;
        double rate = value.EntriesDone / Math.Max(value.Elapsed.TotalSeconds, 1e-9);
        Console.WriteLine(
            $"  tile {value.TilesDone,5}/{value.TilesTotal,-5} {value.Fraction,6:P0}  {value.EntriesDone,13:N0} entries  {value.Elapsed.TotalSeconds,7:F2} s  {rate,10:G3} entries/s");
    }
}
