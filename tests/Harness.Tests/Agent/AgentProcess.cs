using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Harness.Execute;

namespace Harness.Tests.Agent;

/// <summary>A real <c>harness agent</c> in a second process, started and stopped by a test.</summary>
internal sealed class AgentProcess : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly List<string> output = [];

    private AgentProcess(Process process, Uri url)
    {
        this.process = process;
        Url = url;
    }

    public Uri Url { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join("\n", output);
            }
        }
    }

    /// <summary>Starts the agent and waits until it says where it listens.</summary>
    public static AgentProcess Start(params string[] arguments)
    {
        var info = WorkerCommand.StartInfo();
        info.ArgumentList.RemoveAt(info.ArgumentList.Count - 1);
        info.ArgumentList.Add("agent");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line);
            }

            const string marker = "listening on ";
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(' ')[0]));
            }
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the agent exited before it listened"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = listening.Task.Wait(StartLimit) ? listening.Task.Result : throw new TimeoutException("the agent did not listen in time");
            var agent = new AgentProcess(process, url);
            lock (lines)
            {
                agent.output.AddRange(lines);
            }

            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (agent.output)
                    {
                        agent.output.Add(e.Data);
                    }
                }
            };
            return agent;
        }
        catch (Exception e) when (e is AggregateException or TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            string said;
            lock (lines)
            {
                said = string.Join("\n", lines);
            }

            throw new InvalidOperationException($"the agent did not start: {said}", e);
        }
    }

    /// <summary>A loopback port free at the moment, for an agent that must come back on the same address.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the agent and its worker at once, as a power cut or a crash would.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
