using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Verify;

namespace Harness.Tests.Verify;

public sealed class TensorComparerTests
{
    private static readonly Tolerance Default = Tolerance.Default;

    [Fact]
    public void Errors_within_atol_plus_rtol_times_expected_pass()
    {
        // Allowed: 1e-5 + 1e-3 * |e|, so 1.0 may be off by 1.01e-3 and 100 by 0.10001.
        var result = Compare(Floats(1, 100, -50), Floats(1.001f, 100.09f, -50.04f));

        Assert.True(result.Passed);
        Assert.Null(result.Reason);
        Assert.Equal(0, result.MismatchCount);
        Assert.Equal(3, result.ElementCount);
        Assert.Equal(0.09, result.MaxAbsError, 1e-4);
    }

    [Fact]
    public void An_error_beyond_the_tolerance_fails_and_is_located()
    {
        var result = Compare(Floats(1, 10, 100), Floats(1.5f, 10, 105));

        Assert.False(result.Passed);
        Assert.Equal(2, result.MismatchCount);
        Assert.Equal(0, result.WorstIndex); // 0.5 is 495 times its 0.00101 allowed; 5 only 50 times its 0.10001
        Assert.Equal(5, result.MaxAbsError, 1e-4); // the largest absolute error is at another element
        Assert.Equal(0.5, result.MaxRelError, 1e-6);
        Assert.Equal(1, result.ExpectedAtWorst);
        Assert.Equal(1.5, result.ActualAtWorst);
    }

    [Fact]
    public void The_worst_of_passing_elements_is_the_one_closest_to_its_limit()
    {
        var result = Compare(Floats(1, 1000), Floats(1.0009f, 1000.01f));

        Assert.True(result.Passed);
        Assert.Equal(0, result.WorstIndex); // 0.0009 is 89% of its 0.00101 allowed; 0.01 is 1% of 1.00001
    }

    [Fact]
    public void The_tolerance_passed_in_is_the_one_applied()
    {
        var expected = Floats(1, 2);
        var actual = Floats(1.01f, 2);

        Assert.False(Compare(expected, actual).Passed);
        Assert.True(TensorComparer.Compare(expected, actual, new Tolerance(0.02, 0)).Passed);
        Assert.True(TensorComparer.Compare(expected, actual, new Tolerance(0, 0.02)).Passed);
    }

    [Fact]
    public void NaN_matches_only_NaN()
    {
        var result = Compare(Floats(float.NaN, 1, float.NaN), Floats(float.NaN, float.NaN, 1));

        Assert.False(result.Passed);
        Assert.Equal(2, result.MismatchCount);
        Assert.Equal(1, result.WorstIndex);
        Assert.Equal(double.PositiveInfinity, result.MaxAbsError);
    }

    [Fact]
    public void An_infinity_matches_only_the_same_infinity()
    {
        Assert.True(Compare(Floats(float.PositiveInfinity, float.NegativeInfinity), Floats(float.PositiveInfinity, float.NegativeInfinity)).Passed);

        var result = Compare(Floats(float.PositiveInfinity, float.PositiveInfinity), Floats(float.NegativeInfinity, float.MaxValue));

        Assert.Equal(2, result.MismatchCount);
        Assert.Equal(double.PositiveInfinity, result.MaxRelError);
    }

    [Fact]
    public void A_wrong_value_where_zero_was_expected_has_an_infinite_relative_error()
    {
        var result = Compare(Floats(0, 0), Floats(0, 1e-6f));

        Assert.True(result.Passed); // within atol
        Assert.Equal(double.PositiveInfinity, result.MaxRelError);
    }

    [Fact]
    public void A_zero_error_is_never_the_worst_even_where_little_is_allowed()
    {
        var result = Compare(Floats(0, 1000), Floats(0, 1000.5f));

        Assert.Equal(1, result.WorstIndex);
    }

    [Fact]
    public void Integers_must_be_equal_whatever_the_tolerance()
    {
        var big = 1L << 60;
        var expected = TensorValue.Create("n", new[] { 5L, big }, 2);
        var actual = TensorValue.Create("n", new[] { 5L, big + 1 }, 2);

        var result = TensorComparer.Compare(expected, actual, new Tolerance(1, 1));

        Assert.False(result.Passed);
        Assert.Equal(1, result.MismatchCount); // told apart by bits, though equal as doubles
        Assert.Equal(1, result.WorstIndex);
    }

    [Fact]
    public void Bools_must_be_equal()
    {
        var result = TensorComparer.Compare(
            TensorValue.Create("b", new[] { true, false }, 2), TensorValue.Create("b", new[] { true, true }, 2), Default);

        Assert.False(result.Passed);
        Assert.Equal(1, result.WorstIndex);
    }

    [Fact]
    public void Half_precision_types_compare_by_value()
    {
        var half = TensorComparer.Compare(
            TensorValue.Create("h", new[] { (Half)1.5, (Half)(-2) }, 2), TensorValue.Create("h", new[] { (Half)1.5, (Half)(-2) }, 2), Default);
        // bfloat16 0x3F80 is 1.0 and 0x3F81 the next value up, 1.0078125: 0.8% off.
        var bfloat = TensorComparer.Compare(
            new TensorValue("bf", TensorElementType.BFloat16, [1], [0x80, 0x3F]),
            new TensorValue("bf", TensorElementType.BFloat16, [1], [0x81, 0x3F]),
            Default);

        Assert.True(half.Passed);
        Assert.False(bfloat.Passed);
        Assert.Equal(1.0, bfloat.ExpectedAtWorst);
        Assert.Equal(1.0078125, bfloat.ActualAtWorst);
    }

    [Fact]
    public void A_shape_mismatch_fails_with_both_shapes()
    {
        var result = Compare(TensorValue.Create("y", new[] { 1f, 2, 3, 4 }, 4), TensorValue.Create("y", new[] { 1f, 2, 3, 4 }, 2, 2));

        Assert.False(result.Passed);
        Assert.Equal("shape [2, 2], expected [4]", result.Reason);
        Assert.Equal(-1, result.WorstIndex);
    }

    [Fact]
    public void An_element_type_mismatch_fails_with_both_types()
    {
        var result = Compare(Floats(1, 2), TensorValue.Create("y", new[] { 1.0, 2.0 }, 2));

        Assert.False(result.Passed);
        Assert.Equal("element type float64, expected float32", result.Reason);
    }

    [Fact]
    public void Empty_tensors_pass_with_no_worst_element()
    {
        var empty = new TensorValue("y", TensorElementType.Float, [0, 3], []);

        var result = Compare(empty, empty);

        Assert.True(result.Passed);
        Assert.Equal(-1, result.WorstIndex);
        Assert.Null(result.ExpectedAtWorst);
    }

    [Theory]
    [InlineData(-1e-3, 0)]
    [InlineData(0, -1)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.PositiveInfinity)]
    public void A_tolerance_is_finite_and_not_negative(double relative, double absolute) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Tolerance(relative, absolute));

    private static OutputResult Compare(TensorValue expected, TensorValue actual) => TensorComparer.Compare(expected, actual, Default);

    private static TensorValue Floats(params float[] values) => TensorValue.Create("y", values, values.Length);
}
