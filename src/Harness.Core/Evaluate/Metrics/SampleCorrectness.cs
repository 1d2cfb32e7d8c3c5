namespace Harness.Evaluate.Metrics;

/// <summary>
/// Which samples a classifier got right, one bit each in evaluation order (sample i in bit i % 8
/// of byte i / 8), written as base64: 10 000 samples take about 1.7 kB of a results file. Two
/// variants scored on the same samples can then be compared sample by sample (a paired bootstrap).
/// </summary>
public static class SampleCorrectness
{
    public static string Encode(IReadOnlyList<bool> correct)
    {
        ArgumentNullException.ThrowIfNull(correct);
        var bytes = new byte[(correct.Count + 7) / 8];
        for (var i = 0; i < correct.Count; i++)
        {
            if (correct[i])
            {
                bytes[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>The first <paramref name="count"/> samples' correctness; null where the text cannot hold that many (a result from elsewhere).</summary>
    public static bool[]? Decode(string encoded, int count)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var bytes = new byte[(encoded.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64String(encoded, bytes, out var written) || written != (count + 7) / 8)
        {
            return null;
        }

        var correct = new bool[count];
        for (var i = 0; i < count; i++)
        {
            correct[i] = (bytes[i / 8] & (1 << (i % 8))) != 0;
        }

        return correct;
    }
}
