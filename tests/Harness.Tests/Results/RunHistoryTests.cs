using Harness.Results;
using Harness.Results.History;
using Harness.Tests.Cli;
using Harness.Tests.Reports.Gate;
using Microsoft.Data.Sqlite;

namespace Harness.Tests.Results;

public sealed class RunHistoryTests : IDisposable
{
    private const string Id = "cls/fp32/cpu/single-stream";
    private readonly string folder = TestAssets.NewScratchDirectory("history");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private string Database => Path.Combine(folder, "history.db");

    [Fact]
    public void Should_Append_Runs_And_Show_A_Trend_With_A_Planted_Shift_Marked()
    {
        using (var history = RunHistory.Open(Database))
        {
            for (var i = 0; i < 12; i++)
            {
                // Six runs at about 0.8 ms, then six at about 1.0 ms: one change, at the seventh run.
                Append(history, i, median: i < 6 ? 0.8 : 1.0);
            }
        }

        var (exit, output, error) = CliHarness.InvokeCaptured("history", Id, "--metric", "p50", "--history", Database);

        Assert.True(exit == 0, error);
        var lines = output.Split('\n');
        Assert.Equal(1, lines.Count(l => l.Contains("◀ change", StringComparison.Ordinal)));
        // On segments this short ED-PELT places the change within a run of the planted one.
        Assert.Matches("run0[67]", lines.Single(l => l.Contains("◀ change", StringComparison.Ordinal)));
        Assert.Contains("1 change point (ED-PELT", output, StringComparison.Ordinal);
        using var reopened = RunHistory.Open(Database);
        var points = reopened.Trend(Id, "p50", 50);
        Assert.Equal(12, points.Count);
        Assert.All(points, p => Assert.True(File.Exists(p.SamplesPath), "the history says where each run's latencies are"));
    }

    [Fact]
    public void Should_Refuse_A_Corrupt_Database_And_Leave_It_As_It_Was()
    {
        var garbage = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(Database, garbage);

        var error = Assert.Throws<HistoryException>(() => RunHistory.Open(Database));
        var (exit, _, cliError) = CliHarness.InvokeCaptured("history", Id, "--history", Database);

        Assert.StartsWith($"the run history {Database} is not a readable SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: the run history {Database} is not a readable SQLite database", cliError, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllBytes(Database));
    }

    [Fact]
    public void Should_Refuse_A_Locked_Database_Without_Writing_Half_A_Run()
    {
        using (var history = RunHistory.Open(Database))
        {
            Append(history, 0, 0.8);
        }

        // Another process holds the write lock for the whole attempt.
        using var other = new SqliteConnection($"Data Source={Database};Pooling=False");
        other.Open();
        using (var lockCommand = other.CreateCommand())
        {
            lockCommand.CommandText = "BEGIN EXCLUSIVE";
            lockCommand.ExecuteNonQuery();
        }

        var error = Assert.Throws<HistoryException>(() =>
        {
            using var history = RunHistory.Open(Database, busyTimeout: TimeSpan.FromSeconds(1));
            Append(history, 1, 0.8);
        });
        using (var rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        Assert.StartsWith($"the run history {Database} is locked by another process", error.Message, StringComparison.Ordinal);
        using var reopened = RunHistory.Open(Database);
        Assert.Equal(["run00"], reopened.Trend(Id, "p50", 50).Select(p => p.RunId));
    }

    [Fact]
    public void Should_Keep_A_Run_Whole_When_It_Fails_Midway()
    {
        using var history = RunHistory.Open(Database);
        Append(history, 0, 0.8);
        var path = GateRuns.Write(Path.Combine(folder, "dup"), "dup", new Dictionary<string, double[]> { [Id] = GateRuns.LogNormal(1, 0.8, 200) });
        var results = ResultsStore.Read(path);

        // The same measurement twice breaks the primary key on the second insert, after the run row went in.
        var twice = results with { Measurements = [results.Measurements[0], results.Measurements[0]] };
        Assert.Throws<HistoryException>(() => history.Append(twice, path));

        Assert.Equal(["run00"], history.Trend(Id, "p50", 50).Select(p => p.RunId));
        Assert.DoesNotContain(history.RecentRuns("ci-gate", RunFingerprint.Of(GateRuns.ThisMachine), "none", 10), p => p.Contains("dup", StringComparison.Ordinal));
    }

    private void Append(RunHistory history, int index, double median)
    {
        var runId = $"run{index:D2}";
        var path = GateRuns.Write(Path.Combine(folder, runId), runId, new Dictionary<string, double[]> { [Id] = GateRuns.LogNormal(index, median, 300) }, startedAt: new DateTimeOffset(2026, 11, 28, 6, index, 0, TimeSpan.Zero));
        history.Append(ResultsStore.Read(path), path);
    }
}
