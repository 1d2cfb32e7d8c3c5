using Harness.Reports;
using Harness.Reports.Writers;
using Harness.Results;

namespace Harness.Tests.Reports;

/// <summary>The console writer's tables, rendered plain at 160 columns and compared with expected text.</summary>
public sealed class ConsoleReportWriterTests
{
    [Fact]
    public void Should_Render_The_Speed_Accuracy_And_Variant_Tables()
    {
        Render(RunResultsFixture.Run(), "run-report");
    }

    [Fact]
    public void Should_Render_Only_The_Speed_Table_For_A_Run_Without_Variants_Or_Accuracy()
    {
        var run = RunResultsFixture.Run();
        run = run with { Measurements = [.. run.Measurements.Where(m => m.Model == "det")] };

        Render(run, "speed-only");
    }

    [Fact]
    public void Should_Be_Written_First_Then_The_Report_Files()
    {
        Assert.Equal(["console", "markdown", "html", "csv", "junit"], ReportWriters.All.Select(w => w.Format));
        Assert.Equal(["report.md", "report.html", "results.csv", "junit.xml"], ReportWriters.Files.Select(w => w.FileName));
    }

    private static void Render(RunResults run, string expected)
    {
        var (console, output) = ExpectedText.PlainConsole();
        new ConsoleReportWriter().Write(RunReport.From(run), new ReportDestination(console, "unused"));
        ExpectedText.Matches(expected, output.ToString());
    }
}
