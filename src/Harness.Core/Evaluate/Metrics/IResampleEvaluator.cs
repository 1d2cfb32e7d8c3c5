namespace Harness.Evaluate.Metrics;

/// <summary>
/// A metric prepared by <see cref="IResampleableMetric{TPrediction}.Prepare"/>: its value on the
/// predictions at <c>indices</c> (repeats allowed). Implementations reuse scratch buffers across
/// calls, so one evaluator serves one thread.
/// </summary>
public interface IResampleEvaluator
{
    double Compute(ReadOnlySpan<int> indices);
}
