using Harness.Evaluate.Metrics;

namespace Harness.Tests.Evaluate.Metrics;

public sealed class FidelityTests
{
    // Two rows of three:
    //   row 0: ref [1 2 3], cand [1 2 3.5]: argmax 2 both; |err| max 0.5;
    //          cos = (1 + 4 + 10.5)/√(14 · 17.25) = 15.5/√241.5
    //   row 1: ref [3 2 1], cand [1 2 3]: argmax 0 vs 2; |err| max 2; cos = (3 + 4 + 3)/14 = 5/7
    private static readonly float[] Reference = [1, 2, 3, 3, 2, 1];
    private static readonly float[] Candidate = [1, 2, 3.5f, 1, 2, 3];

    [Fact]
    public void Compares_Rows_Along_The_Last_Axis()
    {
        var result = Fidelity.Compare("logits", Reference, Candidate, [2, 3]);
        Assert.Equal("logits", result.Output);
        Assert.Equal(2, result.Rows);
        Assert.Equal(3, result.RowLength);
        Assert.Equal(0.5, result.ArgmaxAgreement);
        Assert.Equal(2, result.MaxAbsoluteError);
        Assert.Equal(((15.5 / Math.Sqrt(241.5)) + (5.0 / 7)) / 2, result.MeanCosineSimilarity, 12);
    }

    [Fact]
    public void Measures_Mean_Absolute_And_Relative_Errors_Against_The_Reference()
    {
        // Row 0 errs [0 0 0.5] against [1 2 3]: relative 0.5/3. Row 1 errs [2 0 2] against [3 2 1]: relative 2/3 and 2/1.
        var result = Fidelity.Compare("logits", Reference, Candidate, [2, 3]);
        Assert.Equal(4.5 / 6, result.MeanAbsoluteError, 12);
        Assert.Equal(2, result.MaxRelativeError, 12);
        Assert.Equal(((0.5 / 3) + (2.0 / 3) + 2) / 6, result.MeanRelativeError, 12);
    }

    [Fact]
    public void Divides_A_Near_Zero_Value_By_A_Floor_Of_One_Percent_Of_The_Row()
    {
        // 0.001 → 0.002 doubles a negligible value; against a row that reaches 100 it is 0.001 of the 1.0 floor.
        var result = Fidelity.Compare("scores", [100f, 0.001f], [100f, 0.002f], [1, 2]);
        Assert.Equal(0.001, result.MaxRelativeError, 6);
    }

    [Fact]
    public void A_Reference_Row_Of_Zeros_Adds_No_Infinite_Relative_Error_But_Keeps_Its_Absolute_Error()
    {
        var result = Fidelity.Compare("map", [0, 0, 1, 2], [0, 0.5f, 1, 2], [2, 2]);
        Assert.Equal(0, result.MaxRelativeError);
        Assert.Equal(0.5, result.MaxAbsoluteError, 6);
        Assert.Equal(0.5, result.MeanCosineSimilarity, 6); // the zero row is orthogonal to [0 0.5]
    }

    [Fact]
    public void Identical_Outputs_Agree_Perfectly()
    {
        var result = Fidelity.Compare("y", Reference, Reference, [1, 2, 3]);
        Assert.Equal(new FidelityResult("y", 2, 3, 1, 0, 1), result);
    }

    [Fact]
    public void Zero_Rows_Are_Identical_To_Zero_And_Orthogonal_To_Anything_Else()
    {
        Assert.Equal(1, Fidelity.Compare("z", [0, 0], [0, 0], [2]).MeanCosineSimilarity);
        Assert.Equal(0, Fidelity.Compare("z", [0, 0], [0, 1], [2]).MeanCosineSimilarity);
    }

    [Fact]
    public void A_Scalar_Is_One_Row_And_NaN_Shows_In_The_Error()
    {
        Assert.Equal(1, Fidelity.Compare("s", [2], [2.5f], []).Rows);
        Assert.True(double.IsNaN(Fidelity.Compare("s", [1, 2], [1, float.NaN], [2]).MaxAbsoluteError));
    }

    [Fact]
    public void Batches_Accumulate_Like_One_Comparison()
    {
        var accumulator = new FidelityAccumulator("logits");
        accumulator.Add(Reference.AsSpan(0, 3), Candidate.AsSpan(0, 3), [1, 3]);
        accumulator.Add(Reference.AsSpan(3), Candidate.AsSpan(3), [1, 3]);
        Assert.Equal(Fidelity.Compare("logits", Reference, Candidate, [2, 3]), accumulator.Result());
        Assert.Throws<ArgumentException>(() => accumulator.Add([1, 2], [1, 2], [1, 2]));
    }

    [Fact]
    public void Compares_Outputs_By_Name()
    {
        OutputTensor[] reference = [new("logits", Reference, [2, 3]), new("features", new float[] { 1, 0 }, [1, 2])];
        OutputTensor[] candidate = [new("features", new float[] { 0, 1 }, [1, 2]), new("logits", Candidate, [2, 3])];
        var results = Fidelity.Compare(reference, candidate);
        Assert.Equal(["logits", "features"], results.Select(r => r.Output));
        Assert.Equal(0.5, results[0].ArgmaxAgreement);
        Assert.Equal(0, results[1].MeanCosineSimilarity);
    }

    [Fact]
    public void Missing_Output_Or_Mismatched_Shape_Is_An_Error()
    {
        OutputTensor[] reference = [new("logits", Reference, [2, 3])];
        var missing = Assert.Throws<ArgumentException>(() => Fidelity.Compare(reference, [new OutputTensor("other", Reference, [2, 3])]));
        Assert.Contains("'logits'", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Fidelity.Compare(reference, [new OutputTensor("logits", Reference, [3, 2])]));
        Assert.Throws<ArgumentException>(() => Fidelity.Compare("x", Reference, Candidate, [4, 3]));
    }
}
