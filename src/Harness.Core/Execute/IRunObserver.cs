using Harness.Plan;
using Harness.Results;

namespace Harness.Execute;

/// <summary>Hears a run's progress; the console shows it, tests record it.</summary>
public interface IRunObserver
{
    void JobStarted(MeasurementJob job, int index, int count);

    void JobPhase(MeasurementJob job, string phase);

    void JobFinished(MeasurementResult result, int index, int count);

    /// <summary>results.json could not be rewritten after a job; the run goes on and later writes catch up.</summary>
    void ResultsNotWritten(string message)
    {
    }
}
