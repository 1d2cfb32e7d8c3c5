using Harness.Evaluate.Metrics;

namespace Harness.Tests.Evaluate.Metrics;

public sealed class SequenceMetricsTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)] // k→s, e→i substituted, g inserted
    [InlineData("abc", "ab", 1)] // one deletion
    [InlineData("abc", "abxc", 1)] // one insertion
    [InlineData("abc", "abd", 1)] // one substitution
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("flaw", "lawn", 2)] // delete f, insert n
    public void Levenshtein_Counts_Insertions_Deletions_Substitutions(string reference, string hypothesis, int expected)
    {
        Assert.Equal(expected, EditDistance.Levenshtein(reference, hypothesis));
        // Unit costs make the distance symmetric.
        Assert.Equal(expected, EditDistance.Levenshtein(hypothesis, reference));
    }

    [Fact]
    public void CER_Pools_Edits_Over_Reference_Characters()
    {
        // Edits 3 + 1 + 1 + 1 = 6 over reference characters 6 + 3 + 3 + 3 = 15: 0.4.
        SequencePrediction[] predictions =
        [
            new("kitten", "sitting"),
            new("abc", "ab"),
            new("abc", "abxc"),
            new("abc", "abd"),
        ];
        Assert.Equal(0.4, new CharacterErrorRate().Compute(predictions), 12);
    }

    [Fact]
    public void CER_Can_Exceed_One_And_Is_NaN_Without_Reference_Characters()
    {
        // Reference "a", recognised "xyz": 1 substitution + 2 insertions over 1 character.
        Assert.Equal(3.0, new CharacterErrorRate().Compute([new SequencePrediction("a", "xyz")]));
        Assert.True(double.IsNaN(new CharacterErrorRate().Compute([new SequencePrediction("", "xyz")])));
    }

    [Fact]
    public void Edits_Are_Counted_In_Text_Elements_Not_UTF16_Chars()
    {
        // "ce" + combining acute (3 chars) is 2 text elements; losing the accented letter is one deletion.
        Assert.Equal(2, EditDistance.Length("ce\u0301"));
        Assert.Equal(1, EditDistance.Levenshtein("ce\u0301", "c"));
        // An emoji is a surrogate pair, one element: "a😀b" has length 3 and dropping it costs 1.
        Assert.Equal(3, EditDistance.Length("a\U0001F600b"));
        Assert.Equal(1, EditDistance.Levenshtein("a\U0001F600b", "ab"));
        // Precomposed é and e + combining acute are different elements under ordinal comparison: one substitution.
        Assert.Equal(1, EditDistance.Levenshtein("\u00e9", "e\u0301"));
        // CR LF is one grapheme.
        Assert.Equal(1, EditDistance.Length("\r\n"));
    }

    [Fact]
    public void ExactMatch_Compares_Ordinally()
    {
        // "abc" = "abc", "abc" ≠ "abC", "" = "": 2 of 3.
        SequencePrediction[] predictions = [new("abc", "abc"), new("abc", "abC"), new("", "")];
        Assert.Equal(2.0 / 3, new ExactMatch().Compute(predictions), 12);
    }
}
