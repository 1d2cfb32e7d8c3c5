namespace Harness.Reports.Writers;

/// <summary>Every report format a run writes, in the order written.</summary>
public static class ReportWriters
{
    public static IReadOnlyList<IReportWriter> All { get; } =
    [
        new ConsoleReportWriter(),
        new MarkdownReportWriter(),
        new HtmlReportWriter(),
        new CsvReportWriter(),
        new JUnitReportWriter(),
    ];

    /// <summary>The formats written as files in the run folder, for regenerating them from results.json alone.</summary>
    public static IEnumerable<IReportWriter> Files => All.Where(w => w.FileName is not null);
}
