using Harness.Data;
using Harness.Evaluate.Metrics;
using Harness.Onnx;
using Harness.Onnx.Runtime;
using Harness.Results;

namespace Harness.Evaluate;

/// <summary>One inference's inputs for a fidelity comparison; the comparison disposes them once both models have run.</summary>
public sealed record FidelityInputs(IReadOnlyList<string> Names, IReadOnlyList<OrtValue> Values) : IDisposable
{
    public void Dispose()
    {
        foreach (var value in Values)
        {
            value.Dispose();
        }
    }
}

/// <summary>
/// How closely a variant reproduces its reference: both models run on the same inputs (a
/// dataset's preprocessed samples, or seeded ones), and every float output is compared row by row
/// (argmax agreement, absolute and relative errors, mean cosine similarity). It needs no labels,
/// so every variant gets it, with a dataset or without.
/// </summary>
public static class FidelityEvaluation
{
    public static IReadOnlyList<FidelityInfo> Compare(InferenceSession reference, InferenceSession candidate, string referenceName, IEnumerable<FidelityInputs> inputs)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(inputs);
        var outputs = reference.Outputs.Where(o => o.ElementType == TensorElementType.Float).Select(o => o.Name).ToList();
        var accumulators = outputs.ToDictionary(o => o, o => new FidelityAccumulator(o));
        foreach (var set in inputs)
        {
            using var owned = set;
            var expected = reference.Run(set.Names, set.Values, outputs);
            var actual = candidate.Run(set.Names, set.Values, outputs);
            try
            {
                for (var i = 0; i < outputs.Count; i++)
                {
                    if (actual[i].ElementType == TensorElementType.Float)
                    {
                        accumulators[outputs[i]].Add(expected[i].GetSpan<float>(), actual[i].GetSpan<float>(), expected[i].Shape);
                    }
                }
            }
            finally
            {
                foreach (var value in expected.Concat(actual))
                {
                    value.Dispose();
                }
            }
        }

        return accumulators.Values.Where(a => a.Rows > 0).Select(a => a.Result())
            .Select(r => new FidelityInfo(referenceName, r.Output, r.Rows, r.ArgmaxAgreement, r.MaxAbsoluteError, r.MeanCosineSimilarity)
            {
                RowLength = r.RowLength,
                MeanAbsError = r.MeanAbsoluteError,
                MaxRelError = r.MaxRelativeError,
                MeanRelError = r.MeanRelativeError,
            })
            .ToList();
    }

    /// <summary>A dataset's first <paramref name="limit"/> samples, in batches, for the model's first input (named <paramref name="inputName"/> unless the dataset names it).</summary>
    public static IEnumerable<FidelityInputs> FromDataset(string inputName, IDataset dataset, int batchSize, int limit)
    {
        foreach (var batch in dataset.ReadBatches(batchSize, limit))
        {
            var tensor = batch.Inputs[0];
            yield return new FidelityInputs([tensor.Name ?? inputName], [OrtValue.CreateTensor(tensor.Data, tensor.ElementType, tensor.Shape)]);
        }
    }
}
