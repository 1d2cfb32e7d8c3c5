using System.Globalization;
using System.Text;
using Harness.Verify;

namespace Harness.Cli.Views;

/// <summary>
/// Plain-text form of a <see cref="VerifyResult"/>: a line per set, then the details of each failing
/// output indented under it, and a count. Plain text, not Spectre markup, so CI logs and tests read
/// exactly what a terminal shows.
/// </summary>
internal static class VerifyResultView
{
    public static void Write(VerifyResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var width = result.Sets.IsEmpty ? 0 : result.Sets.Max(s => s.Name.Length);
        foreach (var set in result.Sets)
        {
            var verdict = set.Passed ? "pass" : "fail";
            var detail = set.Error is { } error ? OneLine(error) : Headline(set);
            output.WriteLine($"{set.Name.PadRight(width)}  {verdict}  {detail}");
            foreach (var failed in set.Outputs.Where(o => !o.Passed))
            {
                output.WriteLine("    " + Describe(failed, result.Tolerance));
            }
        }

        output.WriteLine($"{result.Sets.Length} sets: {result.PassedCount} passed, {result.FailedCount} failed");
    }

    /// <summary>
    /// A set's headline: its largest error, unless an output could not be compared at all (a shape
    /// or type mismatch), which then leads: "max abs 0" there would read as a perfect match.
    /// </summary>
    private static string Headline(SetResult set)
    {
        var incomparable = set.Outputs.Where(o => o.Reason is not null).ToList();
        return incomparable.Count == 0
            ? "max abs " + Scientific(set.MaxAbsError)
            : $"{incomparable.Count} of {set.Outputs.Length} outputs not comparable ({incomparable[0].Name}: {OneLine(incomparable[0].Reason!)})";
    }

    private static string Describe(OutputResult output, Tolerance tolerance)
    {
        if (output.Reason is { } reason)
        {
            return $"{output.Name}: {reason}";
        }

        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{output.Name}: {output.MismatchCount} of {output.ElementCount} elements differ ")
            .Append(CultureInfo.InvariantCulture, $"(rtol {Scientific(tolerance.Relative)}, atol {Scientific(tolerance.Absolute)}); ")
            .Append(CultureInfo.InvariantCulture, $"max abs {Scientific(output.MaxAbsError)}, max rel {Scientific(output.MaxRelError)}");
        if (output.WorstIndex >= 0)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"; worst at {Coordinates(output.WorstIndex, output.Shape)}: expected {Value(output.ExpectedAtWorst, output.ElementType)}, " +
                $"got {Value(output.ActualAtWorst, output.ElementType)}");
        }

        return text.ToString();
    }

    private static string Scientific(double value) => value.ToString("0.0e+00", CultureInfo.InvariantCulture);

    /// <summary>The shortest text that reads back as the same value in the output's own precision.</summary>
    private static string Value(double? value, string elementType) =>
        value is not { } v ? "-"
        : elementType is "float32" or "float16" or "bfloat16" ? ((float)v).ToString(CultureInfo.InvariantCulture)
        : v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A flat (row-major) index as one index per dimension, e.g. 7 in [2, 4] is [1, 3].</summary>
    private static string Coordinates(long flat, IReadOnlyList<long> shape)
    {
        var coordinates = new long[shape.Count];
        for (var d = shape.Count - 1; d >= 0; d--)
        {
            coordinates[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? flat : flat / shape[d];
        }

        return "[" + string.Join(", ", coordinates) + "]";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
