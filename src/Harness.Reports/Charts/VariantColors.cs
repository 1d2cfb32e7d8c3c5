using ScottPlot;

namespace Harness.Reports.Charts;

/// <summary>
/// One colour per variant name, the same in every chart of a report, so fp16 is the same orange in
/// the percentile curves, the Pareto chart and the cost chart. The reference takes the first
/// colour; the others follow in the order the run measured them.
/// </summary>
public sealed class VariantColors
{
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    private readonly Dictionary<string, Color> colors = new(StringComparer.Ordinal);

    private VariantColors(IEnumerable<string> variants)
    {
        foreach (var variant in variants)
        {
            if (!colors.ContainsKey(variant))
            {
                colors[variant] = Palette.GetColor(colors.Count);
            }
        }
    }

    public static VariantColors Of(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new VariantColors(
            new[] { VariantComparison.Reference }
                .Concat(report.Speed.Select(r => r.Variant))
                .Concat(report.Accuracy.Select(r => r.Variant))
                .Concat(report.Costs.SelectMany(c => c.Rows).Select(r => r.Option.Variant))
                .Concat(report.Roofline.Select(r => r.Variant)));
    }

    /// <summary>The variant's colour; a name the report never measured gets grey.</summary>
    public Color this[string variant] => colors.TryGetValue(variant, out var color) ? color : Colors.Gray;
}
