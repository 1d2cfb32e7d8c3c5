using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Harness.Distill.External;

/// <summary>How an external training program ended: its exit code and how long it took.</summary>
public sealed record ExternalTrainingRun(int ExitCode, TimeSpan Elapsed);

/// <summary>
/// Runs a user's training program (<see cref="TrainerCommand"/>) as a child process without a
/// shell, in a folder of its own, with a time limit after which it and its children are stopped.
/// Its standard output and error are kept (the last lines of each), so a failure is reported with
/// the program's exit code and the end of what it said.
/// </summary>
public static class ExternalTrainer
{
    private const int TailLines = 12;

    /// <param name="say">Each line the program prints, as it prints it (progress).</param>
    public static ExternalTrainingRun Run(TrainerCommand command, string teacher, string trainData, string output, string workingDirectory, TimeSpan timeout, Action<string>? say = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var start = new ProcessStartInfo(command.Program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments(teacher, trainData, output))
        {
            start.ArgumentList.Add(argument);
        }

        var stderr = new Tail(TailLines);
        var stdout = new Tail(TailLines);
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => stderr.Add(e.Data);
        process.OutputDataReceived += (_, e) =>
        {
            stdout.Add(e.Data);
            if (e.Data is { } line)
            {
                say?.Invoke(line);
            }
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DistillationException($"the training program '{command.Program}' could not be started: {e.Message}; give its full path or put it on PATH", e);
        }

        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new DistillationException(string.Create(CultureInfo.InvariantCulture,
                $"the training program '{command.Program}' did not finish within {timeout.TotalSeconds:0.#} s (the variant's budget) and was stopped{Said(stderr, stdout)}"));
        }

        process.WaitForExit(); // drains the output readers
        if (process.ExitCode != 0)
        {
            throw new DistillationException(string.Create(CultureInfo.InvariantCulture,
                $"the training program '{command.Program}' exited with code {process.ExitCode} after {watch.Elapsed.TotalSeconds:0.0} s{Said(stderr, stdout)}"));
        }

        if (!File.Exists(output))
        {
            throw new DistillationException(string.Create(CultureInfo.InvariantCulture,
                $"the training program '{command.Program}' exited with code 0 but wrote nothing at {{out}} ({output}){Said(stderr, stdout)}"));
        }

        return new ExternalTrainingRun(process.ExitCode, watch.Elapsed);
    }

    private static string Said(Tail stderr, Tail stdout) =>
        stderr.Text is { Length: > 0 } error ? $"; the end of its standard error:\n{error}"
        : stdout.Text is { Length: > 0 } output ? $"; it wrote nothing to standard error, and last printed:\n{output}"
        : "; it printed nothing";

    /// <summary>The last few lines a stream carried (the output handlers run on other threads).</summary>
    private sealed class Tail(int capacity)
    {
        private readonly Queue<string> lines = new();
        private readonly Lock gate = new();

        public string Text
        {
            get
            {
                lock (gate)
                {
                    return string.Join('\n', lines).Trim();
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                lines.Enqueue(line.Length > 500 ? line[..500] + "…" : line);
                if (lines.Count > capacity)
                {
                    lines.Dequeue();
                }
            }
        }
    }
}
