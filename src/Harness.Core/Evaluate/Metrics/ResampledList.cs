using System.Collections;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// A bootstrap resample seen as a list: element i is source[indices[i]]. The bootstrap refills
/// the same index buffer for every resample, so a metric that has no ratio shortcut still runs
/// without copying predictions or allocating a list per resample.
/// </summary>
internal sealed class ResampledList<T>(IReadOnlyList<T> source, int[] indices) : IReadOnlyList<T>
{
    public T this[int index] => source[indices[index]];

    public int Count => indices.Length;

    public IEnumerator<T> GetEnumerator()
    {
        foreach (var i in indices)
        {
            yield return source[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
