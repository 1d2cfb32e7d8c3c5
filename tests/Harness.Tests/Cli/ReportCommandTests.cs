using Harness.Reports;
using Harness.Reports.Charts;
using Harness.Reports.Writers;
using Harness.Results;
using Harness.Tests.Reports;

namespace Harness.Tests.Cli;

/// <summary><c>harness report</c>: the report files written again from a results.json alone.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("cli-report");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Should_Write_Every_Report_File_Into_The_Run_Folder_From_Its_Results()
    {
        var run = StoreFixtureRun();

        var (exit, output, error) = CliHarness.InvokeCaptured("report", run);

        Assert.True(exit == 0, error + output);
        Assert.Equal(
            [$"markdown: {run}/report.md", $"html: {run}/report.html", $"csv: {run}/results.csv", $"junit: {run}/junit.xml"],
            output.TrimEnd('\n').Split('\n'));
        ExpectedText.Matches("run-report.md", File.ReadAllText(Path.Combine(run, MarkdownReportWriter.File)));
        Assert.Equal(
            ReportCharts.Of(RunReport.From(RunResultsFixture.Run())).Select(c => c.Name + ".png").Order(),
            Directory.GetFiles(Path.Combine(run, ChartFiles.Folder)).Select(Path.GetFileName).Order());
        ExpectedText.Matches("run-report.csv", File.ReadAllText(Path.Combine(run, CsvReportWriter.File)));
        ExpectedText.Matches("run-report.xml", File.ReadAllText(Path.Combine(run, JUnitReportWriter.File)));
    }

    [Fact]
    public void Should_Take_A_Results_File_As_Well_As_Its_Folder()
    {
        var run = StoreFixtureRun();

        var (exit, output, error) = CliHarness.InvokeCaptured("report", Path.Combine(run, ResultsStore.ResultsFileName));

        Assert.True(exit == 0, error + output);
        Assert.True(File.Exists(Path.Combine(run, JUnitReportWriter.File)));
    }

    [Fact]
    public void Should_Refuse_A_Folder_Without_Results_In_One_Line()
    {
        var (exit, _, error) = CliHarness.InvokeCaptured("report", folder);

        Assert.Equal(2, exit);
        Assert.Equal($"error: {folder} holds no results.json; name a run folder that 'harness run' wrote, such as results/latest", error.Trim());
    }

    [Fact]
    public void Should_Refuse_A_File_That_Is_Not_Results_In_One_Line()
    {
        var path = Path.Combine(folder, "results.json");
        File.WriteAllText(path, "{ \"schema\": ");

        var (exit, _, error) = CliHarness.InvokeCaptured("report", path);

        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {path} is not a results file that 'harness run' wrote: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    private string StoreFixtureRun()
    {
        var results = RunResultsFixture.Run();
        var store = ResultsStore.Create(Path.Combine(folder, "results"), results.RunId);
        store.Write(results);
        return store.RunDirectory;
    }
}
