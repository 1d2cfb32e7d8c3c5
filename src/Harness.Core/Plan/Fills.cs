using System.Globalization;
using Harness.Onnx;

namespace Harness.Plan;

/// <summary>
/// The fill vocabulary, shared by a scenario's <c>inputs:</c> and the command line's
/// <c>--input NAME=FILL</c>: the kinds' names, the short text form, and which fills can produce a
/// valid value for an input's element type.
/// </summary>
public static class Fills
{
    public static IReadOnlyDictionary<string, FillKind> ByName { get; } = new Dictionary<string, FillKind>(StringComparer.Ordinal)
    {
        ["uniform"] = FillKind.Uniform,
        ["normal"] = FillKind.Normal,
        ["zeros"] = FillKind.Zeros,
        ["constant"] = FillKind.Constant,
        ["values"] = FillKind.Values,
    };

    /// <summary>The short form's grammar, for messages.</summary>
    public const string Forms = "uniform:LOW:HIGH, normal:MEAN:STD, zeros, constant:VALUE or values:V1,V2,…";

    /// <summary>
    /// Reads the short form (<c>uniform:-1:1</c>, <c>normal:0:1</c>, <c>zeros</c>,
    /// <c>constant:16000</c>, <c>values:1,2,3</c>); null with <paramref name="problem"/> set when it is not one.
    /// </summary>
    public static FillSpec? TryParse(string text, int seed, out string problem)
    {
        var parts = text.Split(':', 2);
        problem = string.Empty;
        if (!ByName.TryGetValue(parts[0].Trim(), out var kind))
        {
            problem = $"'{text}' is not a fill; the fills are {Forms}";
            return null;
        }

        var args = parts.Length > 1 ? parts[1] : string.Empty;
        var numbers = kind == FillKind.Values ? args.Split(',') : args.Split(':');
        var values = new List<double>();
        foreach (var number in args.Length == 0 ? [] : numbers)
        {
            if (!double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                problem = $"'{number.Trim()}' in fill '{text}' is not a number";
                return null;
            }

            values.Add(value);
        }

        FillSpec? fill = (kind, values.Count) switch
        {
            (FillKind.Uniform, 2) => new FillSpec(kind, values[0], values[1], 0, 1, seed),
            (FillKind.Normal, 2) => new FillSpec(kind, 0, 1, values[0], values[1], seed),
            (FillKind.Zeros, 0) => new FillSpec(kind, 0, 1, 0, 1, seed),
            (FillKind.Constant, 1) => FillSpec.Constant(values[0], seed),
            (FillKind.Values, > 0) => FillSpec.OfValues(values, seed),
            _ => null,
        };
        if (fill is null)
        {
            problem = $"fill '{text}' has the wrong number of values; the fills are {Forms}";
            return null;
        }

        problem = Problem(fill) ?? string.Empty;
        return problem.Length == 0 ? fill : null;
    }

    /// <summary>What makes a fill unusable whatever the input's type; null when nothing does.</summary>
    public static string? Problem(FillSpec fill) => fill.Kind switch
    {
        FillKind.Uniform when !(fill.High > fill.Low) => string.Create(CultureInfo.InvariantCulture, $"'high' ({fill.High}) must be above 'low' ({fill.Low})"),
        FillKind.Normal when !(fill.StdDev >= 0) => string.Create(CultureInfo.InvariantCulture, $"'std' ({fill.StdDev}) must not be negative"),
        FillKind.Constant when fill.Values.Count != 1 => "'constant' takes one 'value'",
        FillKind.Values when fill.Values.Count == 0 => "'values' needs at least one value",
        _ => null,
    };

    /// <summary>
    /// Why <paramref name="fill"/> cannot produce valid values of <paramref name="type"/> (a fraction
    /// for an integer input, a range with no whole number in it, a value outside the type); null when it can.
    /// </summary>
    public static string? ProblemFor(FillSpec fill, TensorElementType type)
    {
        if (Range(type) is not { } range)
        {
            return null;
        }

        var name = type.DisplayName();
        switch (fill.Kind)
        {
            case FillKind.Normal:
                return $"a normal fill makes fractions, and {name} holds whole numbers; use uniform with whole-number low and high, constant or values";
            case FillKind.Uniform:
                var (low, high) = IntegerBounds(fill);
                return low > high
                    ? string.Create(CultureInfo.InvariantCulture, $"uniform [{fill.Low}, {fill.High}) holds no whole number, so a {name} input would get none; widen the range (high is excluded)")
                    : low < range.Min || high > range.Max
                        ? string.Create(CultureInfo.InvariantCulture, $"uniform [{fill.Low}, {fill.High}) goes outside {name}'s range [{range.Min}, {range.Max}]")
                        : null;
            case FillKind.Constant:
            case FillKind.Values:
                foreach (var value in fill.Values)
                {
                    if (value != Math.Floor(value) || value < range.Min || value > range.Max)
                    {
                        return string.Create(CultureInfo.InvariantCulture, $"{value} is not a valid {name} value (whole numbers from {range.Min} to {range.Max})");
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>True for the element types whose fills draw whole numbers.</summary>
    public static bool IsIntegral(TensorElementType type) => Range(type) is not null;

    /// <summary>The whole numbers a uniform fill draws from: [ceil(low), the largest below high].</summary>
    public static (double Low, double High) IntegerBounds(FillSpec fill) => (Math.Ceiling(fill.Low), Math.Ceiling(fill.High) - 1);

    private static (double Min, double Max)? Range(TensorElementType type) => type switch
    {
        TensorElementType.Bool => (0, 1),
        TensorElementType.UInt8 => (byte.MinValue, byte.MaxValue),
        TensorElementType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        TensorElementType.Int16 => (short.MinValue, short.MaxValue),
        TensorElementType.Int32 => (int.MinValue, int.MaxValue),
        // Beyond 2^53 a double no longer holds every whole number, so the range stops there.
        TensorElementType.Int64 => (-9007199254740992d, 9007199254740992d),
        _ => null,
    };
}
