using Harness.Evaluate.Metrics;

namespace Harness.Evaluate;

/// <summary>
/// One pass of a model over a dataset: a prediction per sample that ran (classifications or
/// texts, by task), the samples the model failed on, and how long it took. <see cref="Elapsed"/>
/// covers reading and preprocessing too; <see cref="InferenceTime"/> only the model runs.
/// </summary>
public sealed record EvaluationResult(
    EvaluationTask Task,
    string Dataset,
    int SampleCount,
    IReadOnlyList<ClassificationPrediction> Classifications,
    IReadOnlyList<SequencePrediction> Sequences,
    IReadOnlyList<SampleFailure> Failures,
    TimeSpan Elapsed,
    TimeSpan InferenceTime)
{
    /// <summary>Samples per second end to end (read, preprocess, run, decode).</summary>
    public double SamplesPerSecond => Elapsed > TimeSpan.Zero ? SampleCount / Elapsed.TotalSeconds : 0;

    /// <summary>Samples per second of model time alone.</summary>
    public double InferenceSamplesPerSecond => InferenceTime > TimeSpan.Zero ? SampleCount / InferenceTime.TotalSeconds : 0;
}
