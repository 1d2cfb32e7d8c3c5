using Harness.Data;
using Harness.Evaluate.Metrics;
using Harness.Onnx;
using Harness.Onnx.Runtime;
using Harness.Results;

namespace Harness.Evaluate;

/// <summary>
/// How closely a variant reproduces its reference: both models run on the same preprocessed
/// samples, and every float output is compared row by row (argmax agreement, largest absolute
/// error, mean cosine similarity). It needs no labels, so it stands in where a model has none.
/// </summary>
public static class FidelityEvaluation
{
    public static IReadOnlyList<FidelityInfo> Compare(InferenceSession reference, InferenceSession candidate, string referenceName, IDataset dataset, int batchSize, int limit)
    {
        var outputs = reference.Outputs.Where(o => o.ElementType == TensorElementType.Float).Select(o => o.Name).ToList();
        var accumulators = outputs.ToDictionary(o => o, o => new FidelityAccumulator(o));
        var inputName = reference.Inputs[0].Name;
        foreach (var batch in dataset.ReadBatches(batchSize, limit))
        {
            var tensor = batch.Inputs[0];
            using var input = OrtValue.CreateTensor(tensor.Data, tensor.ElementType, tensor.Shape);
            var expected = reference.Run([tensor.Name ?? inputName], [input], outputs);
            var actual = candidate.Run([tensor.Name ?? inputName], [input], outputs);
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

        return accumulators.Values.Select(a => a.Result()).Where(r => r.Rows > 0)
            .Select(r => new FidelityInfo(referenceName, r.Output, r.Rows, r.ArgmaxAgreement, r.MaxAbsoluteError, r.MeanCosineSimilarity))
            .ToList();
    }
}
