using System.Globalization;
using Harness.Roofline;

namespace Harness.Cli.Views;

/// <summary>Prints a target's measured peaks as aligned lines, or why it could not be probed.</summary>
internal static class PeakFiguresView
{
    public static void Write(PeakFigures figures, TextWriter output)
    {
        if (!figures.IsMeasured)
        {
            output.WriteLine($"{figures.Target}: unavailable: {figures.Reason}");
            return;
        }

        output.WriteLine($"{figures.Target}: {figures.Device}");
        Line(output, "fp32 FMA", $"{Number(figures.Fp32Gflops)} GFLOP/s ({figures.Threads} threads)");
        if (figures.Fp32GflopsOneCore is { } oneCore)
        {
            Line(output, "fp32 FMA, 1 core", $"{Number(oneCore)} GFLOP/s");
        }

        Line(output, "int8", figures.Int8Gops is { } int8 ? $"{Number(int8)} GOP/s ({figures.Int8Note})" : figures.Int8Note);
        Line(output, "memory bandwidth", $"{Number(figures.BandwidthGBps)} GB/s (triad)");
        Line(output, "ridge point", figures.Fp32Gflops / figures.BandwidthGBps is { } ridge ? $"{Number(ridge)} FLOP/byte" : "-");
        Line(output, "method", figures.Method);
        Line(output, "measured", figures.MeasuredAt.ToString("u", CultureInfo.InvariantCulture));
    }

    private static void Line(TextWriter output, string label, string value) => output.WriteLine($"  {label,-18} {value}");

    private static string Number(double? value) => value?.ToString(value >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture) ?? "-";
}
