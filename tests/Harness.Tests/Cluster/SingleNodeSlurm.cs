using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Harness.Tests.Cluster;

/// <summary>
/// A real single-node Slurm cluster (Debian's slurm-wlm and munge, installed by ./run.sh test) in a
/// temporary folder: munged, slurmctld and slurmd run in the foreground as this test's children
/// and are stopped by their PIDs on dispose, also when starting failed half-way. Facts learnt on
/// this machine, as root without systemd: munged wants its socket folder mode 755 and its key mode
/// 400 owned by munge; accounting off and batch_sched_delay=0 (the default delay adds about 3 s per
/// wave of tasks); the node is idle about a second after start.
/// </summary>
internal sealed class SingleNodeSlurm : IDisposable
{
    private readonly List<Process> daemons = [];

    public SingleNodeSlurm(string folder)
    {
        Folder = folder;
        ConfigPath = Path.Combine(folder, "slurm.conf");
        try
        {
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Folder { get; }

    /// <summary>What SLURM_CONF must name for sbatch and squeue to reach this cluster.</summary>
    public string ConfigPath { get; }

    public static string? Missing() =>
        new[] { "/usr/sbin/munged", "/usr/sbin/mungekey", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch" }.FirstOrDefault(p => !File.Exists(p));

    public void Dispose()
    {
        foreach (var daemon in Enumerable.Reverse(daemons))
        {
            try
            {
                if (!daemon.HasExited)
                {
                    daemon.Kill();
                    daemon.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // It ended on its own.
            }

            daemon.Dispose();
        }

        daemons.Clear();
    }

    private void Start()
    {
        var munge = Path.Combine(Folder, "munge");
        Directory.CreateDirectory(munge);
        foreach (var sub in new[] { "state", "spool", "log" })
        {
            Directory.CreateDirectory(Path.Combine(Folder, sub));
        }

        Run("/bin/chmod", "755", Folder, munge);
        var key = Path.Combine(munge, "munge.key");
        Run("/usr/sbin/mungekey", "--create", "--keyfile", key);
        Run("/bin/chown", "munge:munge", key, munge);
        Run("/bin/chmod", "400", key);
        var socket = Path.Combine(munge, "munge.socket");
        Daemon("/usr/sbin/munged", "--foreground", "--force", "--key-file", key, "--socket", socket, "--pid-file", Path.Combine(munge, "munged.pid"), "--log-file", Path.Combine(munge, "munged.log"), "--seed-file", Path.Combine(munge, "seed"));
        WaitFor(() => File.Exists(socket), "munged's socket");

        var host = Dns.GetHostName().Split('.')[0];
        var memoryMiB = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 20) / 2;
        File.WriteAllText(ConfigPath, $"""
            ClusterName=harness-test
            SlurmctldHost={host}(127.0.0.1)
            SlurmctldPort={FreePort()}
            SlurmdPort={FreePort()}
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            AuthInfo=socket={socket}
            CryptoType=crypto/munge
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            SelectType=select/cons_tres
            SchedulerParameters=batch_sched_delay=0
            DefMemPerCPU=512
            ReturnToService=2
            MpiDefault=none
            StateSaveLocation={Path.Combine(Folder, "state")}
            SlurmdSpoolDir={Path.Combine(Folder, "spool")}
            SlurmctldPidFile={Path.Combine(Folder, "slurmctld.pid")}
            SlurmdPidFile={Path.Combine(Folder, "slurmd.pid")}
            SlurmctldLogFile={Path.Combine(Folder, "log", "slurmctld.log")}
            SlurmdLogFile={Path.Combine(Folder, "log", "slurmd.log")}
            NodeName={host} NodeAddr=127.0.0.1 CPUs={Environment.ProcessorCount} RealMemory={memoryMiB} State=UNKNOWN
            PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP

            """);
        Daemon("/usr/sbin/slurmctld", "-D", "-i", "-f", ConfigPath);
        Daemon("/usr/sbin/slurmd", "-D", "-f", ConfigPath, "-N", host);
        WaitFor(() => Run("/usr/bin/sinfo", "--noheader", "--format=%T").Trim() == "idle", "the node to be idle");
    }

    private void Daemon(string path, params string[] arguments)
    {
        var start = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SLURM_CONF"] = ConfigPath;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        daemons.Add(process);
    }

    private string Run(string path, params string[] arguments)
    {
        var start = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SLURM_CONF"] = ConfigPath;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{path} {string.Join(' ', arguments)} failed: {error.Result}{output}");
    }

    private void WaitFor(Func<bool> ready, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                if (ready())
                {
                    return;
                }
            }
            catch (InvalidOperationException)
            {
                // Not up yet.
            }

            if (daemons.FirstOrDefault(d => d.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"{dead.StartInfo.FileName} exited ({dead.ExitCode}) while waiting for {what}; see {Folder}");
            }

            Thread.Sleep(200);
        }

        throw new TimeoutException($"waited 30 s for {what}; see {Path.Combine(Folder, "log")}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
