using System.ComponentModel;
using System.Diagnostics;

namespace Harness.Cluster.Slurm;

/// <summary>The Slurm commands a submission uses (sbatch, squeue, scancel), run as the user would run them.</summary>
public static class SlurmClient
{
    /// <summary>Submits a script; returns the job id (<c>sbatch --parsable</c> prints <c>id</c> or <c>id;cluster</c>).</summary>
    public static string Submit(string script, params string[] options)
    {
        var (exit, output, error) = Run("sbatch", [.. options, "--parsable", script]);
        if (exit != 0)
        {
            throw new ClusterException($"sbatch refused {script}: {FirstLine(error, output)}");
        }

        return output.Trim().Split(';')[0];
    }

    /// <summary>Each listed job's (or array task's) state and reason, as squeue shows them; a job squeue no longer lists has ended.</summary>
    public static IReadOnlyDictionary<string, (string State, string Reason)> Queue(IEnumerable<string> jobs)
    {
        var (exit, output, error) = Run("squeue", ["--noheader", "--array", "--jobs=" + string.Join(',', jobs), "--format=%i|%T|%r"]);
        if (exit != 0)
        {
            // squeue fails on ids it has forgotten (all ended long ago): nothing is queued.
            return error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)
                ? new Dictionary<string, (string, string)>()
                : throw new ClusterException($"squeue failed: {FirstLine(error, output)}");
        }

        var states = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length == 3)
            {
                states[parts[0]] = (parts[1], parts[2]);
            }
        }

        return states;
    }

    public static void Cancel(string job) => Run("scancel", [job]);

    private static (int Exit, string Output, string Error) Run(string command, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.GetAwaiter().GetResult());
        }
        catch (Win32Exception e)
        {
            throw new ClusterException($"{command} is not on the PATH: run 'harness submit slurm' where Slurm's commands are (a login node), or add --dry-run to write the scripts only", e);
        }
    }

    private static string FirstLine(string error, string output) =>
        (error.Trim().Length > 0 ? error : output).Trim().Split('\n')[0];
}
