namespace Harness.Evaluate;

/// <summary>One labelled classification output: the true class, the model's score per class, and the sample's slice attributes.</summary>
public sealed record ClassificationPrediction(int Label, float[] Scores, IReadOnlyDictionary<string, string> Slices);

/// <summary>One recognised text against its reference, with the sample's slice attributes.</summary>
public sealed record SequencePrediction(string Expected, string Actual, IReadOnlyDictionary<string, string> Slices);
