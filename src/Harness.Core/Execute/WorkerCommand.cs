using System.Diagnostics;

namespace Harness.Execute;

/// <summary>
/// How to start <c>harness worker</c>: the same executable that is running now when it is the
/// harness itself, otherwise the harness next to this assembly (as in tests and benchmarks).
/// </summary>
public static class WorkerCommand
{
    /// <summary>
    /// The worker, started inside a memory cgroup: a shell writes its own pid to the group's
    /// <c>cgroup.procs</c> and then becomes the worker (exec, same pid), so every page the worker
    /// ever touches, the .NET runtime's start-up included, is charged to the group.
    /// </summary>
    public static ProcessStartInfo StartInfo(string cgroupProcsFile)
    {
        ArgumentNullException.ThrowIfNull(cgroupProcsFile);
        var worker = StartInfo();
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", "echo $$ > \"$0\" && exec \"$@\"", cgroupProcsFile, worker.FileName })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var argument in worker.ArgumentList)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in worker.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    public static ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var self = Environment.ProcessPath;
        var folder = AppContext.BaseDirectory;
        var appHost = Path.Combine(folder, "harness");
        if (self is not null && Path.GetFileName(self) == "harness")
        {
            info.FileName = self;
        }
        else if (File.Exists(appHost))
        {
            info.FileName = appHost;
        }
        else
        {
            info.FileName = "dotnet";
            info.ArgumentList.Add(Path.Combine(folder, "harness.dll"));
        }

        info.ArgumentList.Add("worker");
        // One tier of JIT for the worker's short life: steady state is reached during warm-up anyway.
        info.Environment["DOTNET_TieredPGO"] = "0";
        return info;
    }
}
