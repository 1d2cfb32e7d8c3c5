namespace Harness.Evaluate.Metrics;

/// <summary>A metric over expected and recognised text: exact match, character error rate.</summary>
public interface ISequenceMetric : IMetric<SequencePrediction>;
