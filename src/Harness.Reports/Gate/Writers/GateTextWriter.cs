using System.Text;

namespace Harness.Reports.Gate.Writers;

/// <summary>The gate's console output: one block per measurement with its numbers and reasons, then the verdict line.</summary>
public static class GateTextWriter
{
    public static string Render(GateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append("gate: ").Append(report.Current).Append(" against ").Append(report.Baseline).Append(" (scenario ").Append(report.Scenario).Append(")\n");
        text.Append("rules: ").Append(GateFigures.Settings(report.Config)).Append('\n');
        foreach (var m in report.Measurements)
        {
            text.Append('\n').Append(m.Id).Append(": ").Append(GateFigures.Verdict(m)).Append('\n');
            if (m.Percentiles.Count > 0)
            {
                text.Append("  samples ").Append(GateFigures.Samples(m))
                    .Append(", Mann–Whitney p(slower) ").Append(GateFigures.PValue(m.PSlower))
                    .Append(", p(faster) ").Append(GateFigures.PValue(m.PFaster)).Append('\n');
            }

            foreach (var reason in m.Reasons)
            {
                text.Append("  ").Append(reason).Append('\n');
            }
        }

        text.Append('\n').Append(GateFigures.Summary(report)).Append('\n');
        return text.ToString();
    }
}
