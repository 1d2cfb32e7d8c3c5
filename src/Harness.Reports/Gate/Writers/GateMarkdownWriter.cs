using System.Text;

namespace Harness.Reports.Gate.Writers;

/// <summary>The gate's verdict as GitHub Markdown, for <c>$GITHUB_STEP_SUMMARY</c> or a pull-request comment.</summary>
public static class GateMarkdownWriter
{
    public static string Render(GateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append("## Latency gate: ").Append(GateVerdicts.Name(report.Verdict)).Append("\n\n");
        text.Append('`').Append(report.Current).Append("` against `").Append(report.Baseline).Append("` (scenario ").Append(report.Scenario).Append(").\n");
        text.Append(GateFigures.Settings(report.Config)).Append(".\n\n");
        text.Append("| measurement | verdict | samples (baseline / now) | p50 | p99 | why |\n");
        text.Append("|---|---|---|---|---|---|\n");
        foreach (var m in report.Measurements)
        {
            text.Append("| ").Append(Cell(m.Id))
                .Append(" | ").Append(GateFigures.Verdict(m))
                .Append(" | ").Append(GateFigures.Samples(m))
                .Append(" | ").Append(GateFigures.Ratio(m.Median))
                .Append(" | ").Append(GateFigures.Ratio(m.P99))
                .Append(" | ").Append(Cell(string.Join("; ", m.Reasons)))
                .Append(" |\n");
        }

        text.Append('\n').Append(GateFigures.Summary(report)).Append('\n');
        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
