namespace Harness.Evaluate.Metrics;

/// <summary>One named output of a model run: values in row-major order and their shape.</summary>
public sealed record OutputTensor(string Name, ReadOnlyMemory<float> Values, IReadOnlyList<long> Shape);

/// <summary>
/// Fidelity of a candidate model against a reference model on the same inputs, for when there are
/// no labels: argmax agreement, max absolute error and mean cosine similarity per output
/// (see <see cref="FidelityResult"/>). For many batches use <see cref="FidelityAccumulator"/>.
/// </summary>
public static class Fidelity
{
    public static FidelityResult Compare(string output, ReadOnlySpan<float> reference, ReadOnlySpan<float> candidate, ReadOnlySpan<long> shape)
    {
        var accumulator = new FidelityAccumulator(output);
        accumulator.Add(reference, candidate, shape);
        return accumulator.Result();
    }

    /// <summary>
    /// Compares every reference output with the candidate output of the same name, in the
    /// reference's order. A candidate missing an output is an error; extra candidate outputs are
    /// ignored (a variant may expose more).
    /// </summary>
    public static IReadOnlyList<FidelityResult> Compare(IReadOnlyList<OutputTensor> reference, IReadOnlyList<OutputTensor> candidate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        var byName = new Dictionary<string, OutputTensor>(StringComparer.Ordinal);
        foreach (var c in candidate)
        {
            byName[c.Name] = c;
        }

        var results = new List<FidelityResult>(reference.Count);
        foreach (var r in reference)
        {
            if (!byName.TryGetValue(r.Name, out var c))
            {
                throw new ArgumentException($"the candidate has no output '{r.Name}'; it has: {string.Join(", ", byName.Keys)}", nameof(candidate));
            }

            if (!r.Shape.SequenceEqual(c.Shape))
            {
                throw new ArgumentException(
                    $"output '{r.Name}': reference shape [{string.Join(", ", r.Shape)}], candidate [{string.Join(", ", c.Shape)}]", nameof(candidate));
            }

            results.Add(Compare(r.Name, r.Values.Span, c.Values.Span, [.. r.Shape]));
        }

        return results;
    }
}
