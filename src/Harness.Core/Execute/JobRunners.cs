using Harness.Execute.Remote;
using Harness.Plan;

namespace Harness.Execute;

/// <summary>
/// The runner for each target of a run: a local worker for targets on this machine, and one
/// <see cref="AgentJobRunner"/> per agent, kept for the run so its connection is reused.
/// </summary>
public sealed class JobRunners : IDisposable
{
    private readonly Dictionary<AgentEndpoint, AgentJobRunner> agents = [];

    public IJobRunner For(TargetSpec target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Agent is not { } endpoint)
        {
            return LocalWorkerRunner.Instance;
        }

        if (!agents.TryGetValue(endpoint, out var runner))
        {
            runner = new AgentJobRunner(endpoint);
            agents[endpoint] = runner;
        }

        return runner;
    }

    public void Dispose()
    {
        foreach (var runner in agents.Values)
        {
            runner.Dispose();
        }

        agents.Clear();
    }
}
