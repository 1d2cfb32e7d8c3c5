using System.Diagnostics;
using System.Text.Json;
using Harness.Execute.Protocol;
using Harness.Measure.Placement;
using Harness.Plan;
using Harness.Results;

namespace Harness.Execute;

/// <summary>What became of a job sent to a worker: a result, or the reason there is none.</summary>
public sealed record WorkerOutcome(MeasurementResult? Result, string? Error)
{
    /// <summary>The machine the job ran on, where that is not this one (an agent's own description); null for a local worker.</summary>
    public Remote.AgentHello? Agent { get; init; }

    /// <summary>The peaks of the machine the job ran on, probed there (an agent's); null for a local worker, whose roof the run probes itself.</summary>
    public Roofline.PeakFigures? Peaks { get; init; }

    /// <summary>The result of the job measured in turns with this one (<see cref="JobDocument.InTurns"/>); null otherwise.</summary>
    public MeasurementResult? InTurnsResult { get; init; }
}

/// <summary>
/// Runs one job in a fresh <c>harness worker</c> process, so a native crash, a hang or an
/// out-of-memory kill costs that job only, and the process's peak RSS is the job's own.
/// </summary>
public static class WorkerProcess
{
    private const int StderrLinesKept = 8;

    /// <param name="timeout">The worker is killed after this long, and the job failed.</param>
    public static async Task<WorkerOutcome> RunAsync(JobDocument document, TimeSpan timeout, Action<string> onPhase, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(document);
        // A target with a memory limit runs in a memory cgroup of that size where one can be made;
        // elsewhere the worker checks its own peak RSS against the limit (WorkerPlacement.Check).
        using var cgroup = document.Job.Target.MemoryLimitBytes is { } limit ? MemoryCgroup.TryCreate(limit, out _) : null;
        var outcome = await RunAsync(document, cgroup, timeout, onPhase, cancellation).ConfigureAwait(false);
        // A worker that failed after its group reached the limit failed for memory: the kernel stopped
        // it there, or an allocation of its own was refused (.NET's garbage collector keeps its heap
        // under a share of the group's limit and throws OutOfMemoryException past it).
        return cgroup is not null && outcome.Result is null && outcome.Error is { } error && !cancellation.IsCancellationRequested && cgroup.LimitReached
            ? outcome with { Error = DoesNotFit(document.Job.Target, cgroup, error) }
            : outcome;
    }

    private static string DoesNotFit(TargetBody target, MemoryCgroup cgroup, string error)
    {
        var mebibytes = (cgroup.LimitBytes / (1024.0 * 1024.0)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        var where = target.Emulation is { } device ? $"the device's {mebibytes} MiB ({device.Device}, '{device.Profile}' profile)" : $"target '{target.Name}''s memory limit of {mebibytes} MiB";
        var how = cgroup.OutOfMemoryKills > 0
            ? $"the kernel's out-of-memory killer stopped the worker at its memory cgroup's limit ({cgroup.Kind})"
            : $"the worker failed after reaching its memory cgroup's limit ({cgroup.Kind}): {error}";
        return $"does not fit in {where}: {how}";
    }

    private static async Task<WorkerOutcome> RunAsync(JobDocument document, MemoryCgroup? cgroup, TimeSpan timeout, Action<string> onPhase, CancellationToken cancellation)
    {
        using var process = new Process { StartInfo = cgroup is null ? WorkerCommand.StartInfo() : WorkerCommand.StartInfo(cgroup.ProcsFile) };
        var stderrTail = new Queue<string>();
        // The first line that reads like an error, and the line after it unless that is a frame: a
        // fail-fast prints "Process terminated." and its message on two lines.
        var firstError = new List<string>(2);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderrTail)
            {
                if (firstError.Count == 0 ? IsErrorLine(e.Data) : firstError.Count == 1 && !IsFrame(e.Data))
                {
                    firstError.Add(e.Data.Trim());
                }
                else if (firstError.Count == 1)
                {
                    firstError.Add(string.Empty);
                }

                stderrTail.Enqueue(e.Data);
                if (stderrTail.Count > StderrLinesKept)
                {
                    stderrTail.Dequeue();
                }
            }
        };

        process.Start();
        process.BeginErrorReadLine();
        await process.StandardInput.WriteLineAsync(JobDocumentJson.Write(document)).ConfigureAwait(false);
        process.StandardInput.Close();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        WorkerMessage? final = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } line)
            {
                var message = TryParse(line);
                if (message?.Kind == WorkerMessage.PhaseKind && message.Phase is { } phase)
                {
                    onPhase(phase);
                }
                else if (message?.Kind is WorkerMessage.ResultKind or WorkerMessage.ErrorKind or WorkerMessage.FailureKind)
                {
                    final = message;
                }
            }

            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return cancellation.IsCancellationRequested
                ? new WorkerOutcome(null, "cancelled")
                : new WorkerOutcome(null, $"timed out after {Quantities.FormatDuration(timeout)} (the job's limit; raise run.timeout if the model is just slow)");
        }

        if (final?.Kind == WorkerMessage.ResultKind && final.Result is { } result)
        {
            return new WorkerOutcome(result, null) { InTurnsResult = final.InTurnsResult };
        }

        if (final?.Kind == WorkerMessage.ErrorKind)
        {
            return new WorkerOutcome(null, final.Error ?? "the worker reported an error without a message");
        }

        if (final?.Kind == WorkerMessage.FailureKind && final.Failure is { } failure)
        {
            return new WorkerOutcome(null, failure.Describe());
        }

        // No answer: a native crash, a kill, or a death before the worker could say why. The first
        // line that reads like an error names the cause; the last lines are most often frames.
        string tail;
        string? first;
        lock (stderrTail)
        {
            tail = string.Join(" | ", stderrTail.Where(l => l.Trim().Length > 0).TakeLast(3));
            first = firstError.Count == 0 ? null : string.Join(" ", firstError.Where(l => l.Length > 0));
        }

        var text = DescribeExit(process.ExitCode);
        if (first is not null && !tail.Contains(first, StringComparison.Ordinal))
        {
            text += $"; first error: {first}";
        }

        return new WorkerOutcome(null, text + (tail.Length > 0 ? $"; last output: {tail}" : string.Empty));
    }

    /// <summary>
    /// A line that says what went wrong rather than where: .NET's "Unhandled exception. …", "Process
    /// terminated. …" (a fail-fast), a native library's error; never a stack frame.
    /// </summary>
    private static bool IsErrorLine(string line)
    {
        var trimmed = line.Trim();
        return !IsFrame(line)
            && (trimmed.Contains("exception", StringComparison.OrdinalIgnoreCase)
                || trimmed.Contains("terminated", StringComparison.OrdinalIgnoreCase)
                || trimmed.Contains("error", StringComparison.OrdinalIgnoreCase)
                || trimmed.Contains("fatal", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsFrame(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length == 0 || trimmed.StartsWith("at ", StringComparison.Ordinal);
    }

    /// <summary>Names a worker's death: on Linux a signal shows as exit code 128 + its number.</summary>
    public static string DescribeExit(int exitCode) => exitCode switch
    {
        137 => "the worker was killed (SIGKILL), most likely for running out of memory",
        134 => "the worker crashed (SIGABRT)",
        139 => "the worker crashed (SIGSEGV, a native fault)",
        > 128 and < 160 => $"the worker died of signal {exitCode - 128}",
        _ => $"the worker exited with code {exitCode} without a result",
    };

    private static WorkerMessage? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkerMessage>(line, ResultsJson.Compact);
        }
        catch (JsonException)
        {
            // Native libraries may print to stdout; such lines are not protocol messages.
            return null;
        }
    }
}
