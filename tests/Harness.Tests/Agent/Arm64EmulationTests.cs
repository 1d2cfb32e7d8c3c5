using System.Diagnostics;
using System.Text.Json;
using Harness.Execute.Protocol;
using Harness.Plan;
using Harness.Results;
using Harness.Tests.Execute;

namespace Harness.Tests.Agent;

/// <summary>
/// The self-contained linux-arm64 build (<c>./run.sh publish-agent linux-arm64</c>) measures one tiny
/// job under qemu's user-mode emulation: its .NET runtime, its arm64 ONNX Runtime and the job protocol
/// work. Functional only: a figure measured under emulation says nothing about an arm64 device. The
/// job goes to the build's worker directly; an agent under emulation could not start its worker
/// without the kernel's binfmt registration, which a container does not have.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class Arm64EmulationTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("arm64");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Arm64EmulationFact]
    public async Task Should_Measure_A_Tiny_Job_With_The_Arm64_Build_Under_Emulation()
    {
        var job = new MeasurementJob(
            "mm/fp32/arm64/single-stream",
            new ModelSpec("mm", AgentFixtures.WriteModel(folder), [new InputSpec("x", [DimensionSpec.Named("batch"), DimensionSpec.Fixed(64)], FillSpec.Default(1))], new Dictionary<string, long>(), null),
            "fp32",
            TargetSpec.DefaultCpu with { Name = "arm64", IntraOpThreads = 1 },
            LoadSpec.SingleStream(),
            1,
            RunRules.Defaults with { WarmupQueries = 1, MinQueries = 8, MinDuration = TimeSpan.FromMilliseconds(10), StabilityTolerance = 100 });
        var document = JobDocumentMapping.ToDocument(job, Path.Combine(folder, "samples.csv"));
        var info = new ProcessStartInfo(Arm64Emulation.Qemu) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(Arm64Emulation.Build, "harness"));
        info.ArgumentList.Add("worker");
        using var worker = Process.Start(info)!;
        var errors = worker.StandardError.ReadToEndAsync();
        await worker.StandardInput.WriteLineAsync(JobDocumentJson.Write(document));
        worker.StandardInput.Close();
        var lines = new List<string>();
        while (await worker.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        await worker.WaitForExitAsync();
        var final = JsonSerializer.Deserialize<WorkerMessage>(lines.Last(), ResultsJson.Compact)!;
        Assert.True(final.Kind == WorkerMessage.ResultKind, $"{string.Join("\n", lines)}\n{await errors}");
        // Valid or not by the stopping rules (emulation is slow and uneven); measured either way.
        Assert.Contains(final.Result!.Status, new[] { MeasurementStatus.Ok, MeasurementStatus.Invalid });
        Assert.True(final.Result.LatencyMs!.Count >= 8);
        Assert.Equal(0, worker.ExitCode);
    }
}

/// <summary>What the emulation test needs, and why it is skipped where something is missing.</summary>
internal static class Arm64Emulation
{
    public const string Qemu = "/usr/bin/qemu-aarch64-static";

    /// <summary>Debian's arm64 runtimes (multiarch libc6, libstdc++6, libssl3), which the build's natives and .NET load.</summary>
    public const string Libraries = "/usr/lib/aarch64-linux-gnu";

    public static string Build => Path.Combine(TestAssets.RepositoryRoot, "results", "publish", "harness-linux-arm64");

    public static string? Missing =>
        !File.Exists(Qemu) ? $"{Qemu} is missing (Debian's qemu-user-static; ./run.sh publish-agent linux-arm64 installs it)"
        : !File.Exists(Path.Combine(Libraries, "libstdc++.so.6")) || !File.Exists(Path.Combine(Libraries, "libssl.so.3"))
            ? $"the arm64 runtimes in {Libraries} are missing (Debian's libc6:arm64, libstdc++6:arm64 and libssl3:arm64; ./run.sh publish-agent linux-arm64 installs them)"
        : !File.Exists(Path.Combine(Build, "harness")) ? $"no linux-arm64 build at {Build} (./run.sh publish-agent linux-arm64 makes it)"
        : null;
}

/// <summary>A fact that runs only where qemu, the arm64 runtimes and the arm64 build are all present.</summary>
internal sealed class Arm64EmulationFactAttribute : FactAttribute
{
    public Arm64EmulationFactAttribute()
    {
        if (Arm64Emulation.Missing is { } missing)
        {
            Skip = missing;
        }
    }
}
