using System.Diagnostics;
using Harness.Execute;
using Harness.Results;
using Harness.Tests.Execute;

namespace Harness.Tests.Cli;

/// <summary>
/// <c>harness run</c> as a real process, stopped by a signal mid-job: it must stop its worker,
/// record what it was doing and exit with the signal's code, leaving no process behind.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class InterruptTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("interrupt");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task A_stopped_run_stops_its_worker_records_the_job_and_exits_with_the_signals_code(string signal, int expectedExit)
    {
        var scenario = Path.Combine(folder, "long.yaml");
        await File.WriteAllTextAsync(scenario, $"""
            version: 1
            name: long
            models:
              - name: cls
                path: {TestAssets.Classifier}
                inputs:
                  - name: x
                    shape: [batch, 3, 48, 192]
            targets:
              - name: cpu
                threads: 1
            loads:
              - single-stream
              - type: offline
                batch_sizes: [2]
            run:
              min_duration: 120s
              max_duration: 120s
            """);
        var results = Path.Combine(folder, "results");
        var start = WorkerCommand.StartInfo();
        start.ArgumentList.Clear();
        if (start.FileName == "dotnet")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "harness.dll"));
        }

        foreach (var argument in new[] { "run", scenario, "--results", results })
        {
            start.ArgumentList.Add(argument);
        }

        using var harness = Process.Start(start)!;
        _ = harness.StandardOutput.ReadToEndAsync();
        _ = harness.StandardError.ReadToEndAsync();
        var worker = await WaitForMeasuringWorker(harness.Id, results);

        Signal(signal, harness.Id);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await harness.WaitForExitAsync(timeout.Token);

        Assert.Equal(expectedExit, harness.ExitCode);
        Assert.False(IsAlive(worker), $"worker {worker} outlived the run");
        var written = ResultsStore.Read(Path.Combine(results, "latest", ResultsStore.ResultsFileName));
        Assert.Equal([MeasurementStatus.Interrupted, MeasurementStatus.Skipped], written.Measurements.Select(m => m.Status));
        Assert.NotNull(written.FinishedAt);
        Assert.Empty(Directory.GetFiles(Path.Combine(results, "latest", "samples")));
    }

    /// <summary>The worker's pid, once the run has written its first results file and the worker is measuring.</summary>
    private static async Task<int> WaitForMeasuringWorker(int harnessPid, string results)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var child = Children(harnessPid).FirstOrDefault();
            if (child != 0 && File.Exists(Path.Combine(results, "latest", ResultsStore.ResultsFileName)))
            {
                // Give the worker time to load the model and start measuring.
                await Task.Delay(TimeSpan.FromSeconds(2));
                return child;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the run never started a worker");
    }

    private static IEnumerable<int> Children(int parent)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == parent)
            {
                yield return pid;
            }
        }
    }

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');

    private static void Signal(string name, int pid)
    {
        using var kill = Process.Start("kill", ["-" + name, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
