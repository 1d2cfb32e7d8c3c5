using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Harness.Reports;
using Harness.Reports.Charts;
using Harness.Reports.Writers;
using Harness.Results;

namespace Harness.Tests.Reports;

/// <summary>
/// The report files a run leaves in its folder, written from the fixture run and compared with
/// expected files (HARNESS_UPDATE_EXPECTED=1 rewrites them), under a culture that writes decimal
/// commas so that any figure formatted with the current culture shows up as a difference.
/// </summary>
public sealed partial class FileReportWriterTests : IDisposable
{
    // The build runs with invariant globalization (no ICU), so the culture is made by hand: de-DE's numbers.
    private static readonly CultureInfo DecimalComma = new("")
    {
        NumberFormat = { NumberDecimalSeparator = ",", NumberGroupSeparator = ".", PercentDecimalSeparator = "," },
    };

    private readonly string folder = TestAssets.NewScratchDirectory("report-files");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("markdown", "run-report.md")]
    [InlineData("csv", "run-report.csv")]
    [InlineData("junit", "run-report.xml")]
    public void Should_Write_The_Expected_File_Whatever_The_Culture(string format, string expected)
    {
        ExpectedText.Matches(expected, WriteUnderDecimalComma(format, RunResultsFixture.Run()));
    }

    [Fact]
    public void Should_Write_The_Expected_Html_Around_Its_Charts_Whatever_The_Culture()
    {
        var html = WriteUnderDecimalComma("html", RunResultsFixture.RunWithChartData());

        // The drawings are ScottPlot's and the fonts' to lay out; HtmlReportTests checks their marks.
        ExpectedText.Matches("run-report.html", SvgBody().Replace(html, "<svg>…</svg>"));
    }

    [Fact]
    public void Should_Say_Every_Measurement_Passed_In_A_Markdown_Summary_Without_Warnings()
    {
        var run = RunResultsFixture.Run();
        run = run with { Measurements = [.. run.Measurements.Where(m => m.Model == "det")] };

        ExpectedText.Matches("speed-only.md", WriteUnderDecimalComma("markdown", run));
    }

    [Fact]
    public void Should_Write_One_Csv_Row_Per_Measurement_Quoting_Cells_With_Commas()
    {
        var lines = WriteUnderDecimalComma("csv", RunResultsFixture.Run()).TrimEnd('\n').Split('\n');

        Assert.Equal(RunResultsFixture.Measurements().Count + 1, lines.Length);
        Assert.StartsWith("measurement,model,variant,target,load,status,gate,reasons,p50_ms,", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("cls/fp32/cpu/multi-stream-n8,cls,fp32,cpu,multi-stream-n8,failed,error,\"failed: the worker crashed (SIGSEGV, a native fault)\",", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Count_Failures_And_Errors_In_JUnit_As_The_Gates_Say()
    {
        var xml = XDocument.Parse(WriteUnderDecimalComma("junit", RunResultsFixture.Run()));
        var suite = xml.Root!.Element("testsuite")!;

        Assert.Equal(RunResultsFixture.Measurements().Count, suite.Elements("testcase").Count());
        Assert.Equal(("14", "2", "3", "0"), ((string)suite.Attribute("tests")!, (string)suite.Attribute("failures")!, (string)suite.Attribute("errors")!, (string)suite.Attribute("skipped")!));
        var rejected = suite.Elements("testcase").Single(t => (string)t.Attribute("classname")! == "cls.int8-dynamic.cpu" && (string)t.Attribute("name")! == "accuracy");
        Assert.StartsWith("rejected for accuracy: top1 dropped 4.8 points", (string)rejected.Element("failure")!.Attribute("message")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Write_Each_Chart_As_A_Png_Beside_The_Markdown_And_Link_It_Relatively()
    {
        var charts = Path.Combine(folder, ChartFiles.Folder);
        Directory.CreateDirectory(charts);
        File.WriteAllBytes(Path.Combine(charts, "a-chart-no-longer-drawn.png"), [1]);

        var markdown = WriteUnderDecimalComma("markdown", RunResultsFixture.RunWithChartData());

        var names = ReportCharts.Of(RunReport.From(RunResultsFixture.RunWithChartData())).Select(c => c.Name + ".png").ToList();
        Assert.Equal(names.Order(), Directory.GetFiles(charts).Select(Path.GetFileName).Order());
        Assert.All(names, name => Assert.Contains($"](charts/{name})", markdown, StringComparison.Ordinal));
        Assert.All(names, name => Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(charts, name)).Take(4)));

        // The charts come after the summary and before the first table, as in the HTML report.
        Assert.True(markdown.IndexOf("## Summary", StringComparison.Ordinal) < markdown.IndexOf("## Charts", StringComparison.Ordinal));
        Assert.True(markdown.IndexOf("## Charts", StringComparison.Ordinal) < markdown.IndexOf("## Speed", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Replace_A_Previous_File_Whole()
    {
        File.WriteAllText(Path.Combine(folder, MarkdownReportWriter.File), "an older, longer report that must not survive in part\n" + new string('x', 100_000));

        var written = WriteUnderDecimalComma("markdown", RunResultsFixture.Run());

        Assert.StartsWith("# fixture\n", written, StringComparison.Ordinal);
        Assert.Equal([MarkdownReportWriter.File], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    private string WriteUnderDecimalComma(string format, RunResults run)
    {
        var writer = ReportWriters.All.Single(w => w.Format == format);
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = DecimalComma;
        try
        {
            writer.Write(RunReport.From(run), new ReportDestination(ExpectedText.PlainConsole().Console, folder));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        return File.ReadAllText(Path.Combine(folder, writer.FileName!));
    }

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgBody();
}
