namespace Harness.Reports.Writers;

/// <summary>
/// Puts a <see cref="RunReport"/> in one output format. A writer only formats: every comparison,
/// ratio and verdict it shows is already in the report. A new format is one class and one entry in
/// <see cref="ReportWriters.All"/>.
/// </summary>
public interface IReportWriter
{
    /// <summary>The format's name (console, markdown, html…).</summary>
    string Format { get; }

    /// <summary>The file it writes in the run folder (report.md…); null for the console.</summary>
    string? FileName => null;

    void Write(RunReport report, ReportDestination destination);
}
