using System.Globalization;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// Levenshtein distance (unit-cost insertions, deletions, substitutions) between two texts,
/// counted in Unicode text elements (extended grapheme clusters), not UTF-16 chars. A character
/// outside the BMP (a surrogate pair) or a letter with a combining accent is one character to a
/// reader of OCR output, and must cost one edit, not two.
/// </summary>
public static class EditDistance
{
    /// <summary>The number of text elements in <paramref name="text"/>: the CER denominator.</summary>
    public static int Length(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsSimple(text) ? text.Length : new StringInfo(text).LengthInTextElements;
    }

    public static int Levenshtein(string reference, string hypothesis)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(hypothesis);
        if (IsSimple(reference) && IsSimple(hypothesis))
        {
            // Every char is its own text element, so the char codes serve as element ids.
            return Compute(ToCodes(reference), ToCodes(hypothesis));
        }

        // Give each distinct text element an id, shared by both texts; then the dynamic programme
        // compares ints whatever the elements' lengths.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return Compute(ToElementIds(reference, ids), ToElementIds(hypothesis, ids));
    }

    /// <summary>Two-row dynamic programme: O(|a|·|b|) time, O(|b|) memory.</summary>
    private static int Compute(int[] a, int[] b)
    {
        if (a.Length == 0)
        {
            return b.Length;
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var ai = a[i - 1];
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (ai == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static int[] ToCodes(string text)
    {
        var codes = new int[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            codes[i] = text[i];
        }

        return codes;
    }

    private static int[] ToElementIds(string text, Dictionary<string, int> ids)
    {
        var elements = new List<int>(text.Length);
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var length = StringInfo.GetNextTextElementLength(rest);
            var element = rest[..length].ToString();
            if (!ids.TryGetValue(element, out var id))
            {
                id = ids.Count;
                ids.Add(element, id);
            }

            elements.Add(id);
            rest = rest[length..];
        }

        return [.. elements];
    }

    /// <summary>
    /// Printable ASCII, where every char is a whole text element. Control characters go the full
    /// way because CR LF is a single grapheme; the shortcut must never change a count.
    /// </summary>
    private static bool IsSimple(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' || c > '~')
            {
                return false;
            }
        }

        return true;
    }
}
