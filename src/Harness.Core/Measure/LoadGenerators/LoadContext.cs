using Harness.Plan;

namespace Harness.Measure.LoadGenerators;

/// <summary>The job a load runs for, where its raw samples go, and where its progress is told.</summary>
public sealed record LoadContext(MeasurementJob Job, string SamplesPath, Action<string> ReportPhase)
{
    public LoadSpec Load => Job.Load;

    public RunRules Rules => Job.Rules;
}
