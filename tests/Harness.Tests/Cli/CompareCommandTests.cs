using Harness.Results;
using Harness.Tests.Reports;

namespace Harness.Tests.Cli;

/// <summary><c>harness compare A B</c>: two stored runs side by side, compared with an expected table.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("cli-compare");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Should_Show_Both_Runs_Figures_And_B_Against_A_Per_Measurement()
    {
        var a = RunResultsFixture.Run();
        // B: the int8-static variant a fifth faster, the detector gone, a new measurement added.
        var b = a with
        {
            RunId = "20261128-041500-fixture",
            Measurements =
            [
                .. a.Measurements.Where(m => m.Model != "det").Select(m => m.Id == "cls/int8-static/cpu/single-stream"
                    ? m with { LatencyMs = m.LatencyMs! with { P50 = 0.696, P99 = 1.218 }, Throughput = new ThroughputInfo(1436.8, 1436.8) }
                    : m),
                a.Measurements.Single(m => m.Model == "det") with { Id = "det/fp32/cpu/offline-b4" },
            ],
        };

        var (exit, output, error) = CliHarness.InvokeCaptured("compare", Store(a), Path.Combine(Store(b), ResultsStore.ResultsFileName));

        Assert.True(exit == 0, error + output);
        ExpectedText.Matches("compare", output);
    }

    [Fact]
    public void Should_Refuse_A_Missing_Run_In_One_Line()
    {
        var missing = Path.Combine(folder, "nowhere");

        var (exit, _, error) = CliHarness.InvokeCaptured("compare", missing, missing);

        Assert.Equal(2, exit);
        Assert.Equal($"error: {missing} does not exist; name a run folder (results/<run-id>) or its results.json", error.Trim());
    }

    private string Store(RunResults results)
    {
        var store = ResultsStore.Create(Path.Combine(folder, "results"), results.RunId);
        store.Write(results);
        return store.RunDirectory;
    }
}
