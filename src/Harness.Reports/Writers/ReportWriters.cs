namespace Harness.Reports.Writers;

/// <summary>Every report format a run writes, in the order written.</summary>
public static class ReportWriters
{
    public static IReadOnlyList<IReportWriter> All { get; } = [new ConsoleReportWriter()];
}
