using System.Globalization;

namespace Harness.Distill.Training;

/// <summary>One finished epoch as a progress line: the same words on the console and in a worker's phase.</summary>
public static class EpochLine
{
    public static string Format(EpochProgress epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        const int width = 20;
        var done = (int)Math.Round(width * epoch.Epoch / (double)epoch.Epochs);
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch.Epoch}/{epoch.Epochs} [{new string('#', done)}{new string('.', width - done)}] loss {epoch.Loss:0.0000}, validation {epoch.ValidationAccuracy:P1}, {epoch.SamplesPerSecond:0} samples/s, {epoch.Elapsed.TotalSeconds:0} s");
    }
}
