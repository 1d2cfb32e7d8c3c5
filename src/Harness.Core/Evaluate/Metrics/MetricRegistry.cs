using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Harness.Evaluate.Metrics;

/// <summary>
/// Metrics by the names scenarios use. Names are case-insensitive. Besides the fixed names,
/// <c>top{k}</c> gives any top-k accuracy (<c>top3</c>), and <c>precision[c]</c>, <c>recall[c]</c>,
/// <c>f1[c]</c> give one class's value, so a scenario can gate on its weakest class.
/// </summary>
public static class MetricRegistry
{
    // An array, not a dictionary, so error messages list the names in this order.
    private static readonly (string Name, Func<IMetric> Create)[] Factories =
    [
        ("top1", () => new Top1Accuracy()),
        ("top5", () => new TopKAccuracy(5)),
        ("precision", () => new Precision()),
        ("recall", () => new Recall()),
        ("f1", () => new F1Score()),
        ("log_loss", () => new LogLoss()),
        ("ece", () => new ExpectedCalibrationError()),
        ("exact_match", () => new ExactMatch()),
        ("cer", () => new CharacterErrorRate()),
    ];

    /// <summary>The fixed names, in the order they are listed in errors.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(Factories, f => f.Name);

    /// <summary>The metric called <paramref name="name"/>, of either kind.</summary>
    /// <exception cref="UnknownMetricException">No metric has that name.</exception>
    public static IMetric Create(string name) =>
        TryCreate(name, out var metric) ? metric : throw new UnknownMetricException(name, Names);

    /// <summary>A metric over classification predictions; a sequence metric's name is an error here.</summary>
    public static IClassificationMetric CreateClassification(string name) =>
        Create(name) as IClassificationMetric ?? throw new UnknownMetricException(name, NamesOf<IClassificationMetric>(), "classification");

    /// <summary>A metric over recognised text; a classification metric's name is an error here.</summary>
    public static ISequenceMetric CreateSequence(string name) =>
        Create(name) as ISequenceMetric ?? throw new UnknownMetricException(name, NamesOf<ISequenceMetric>(), "sequence");

    public static bool TryCreate(string name, [NotNullWhen(true)] out IMetric? metric)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = name.Trim();
        foreach (var (known, create) in Factories)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                metric = create();
                return true;
            }
        }

        if (TryParseTopK(name, out var k))
        {
            metric = new TopKAccuracy(k);
            return true;
        }

        if (TryParseClassMetric(name, out var perClass))
        {
            metric = perClass;
            return true;
        }

        metric = null;
        return false;
    }

    private static bool TryParseTopK(string name, out int k)
    {
        k = 0;
        return name.StartsWith("top", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(name.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out k)
            && k >= 1;
    }

    private static bool TryParseClassMetric(string name, [NotNullWhen(true)] out IMetric? metric)
    {
        metric = null;
        var open = name.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0 || !name.EndsWith(']')
            || !int.TryParse(name.AsSpan(open + 1, name.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var c))
        {
            return false;
        }

        metric = name[..open].ToUpperInvariant() switch
        {
            "PRECISION" => new Precision(c),
            "RECALL" => new Recall(c),
            "F1" => new F1Score(c),
            _ => null,
        };
        return metric is not null;
    }

    private static string[] NamesOf<T>()
    {
        var names = new List<string>();
        foreach (var (name, create) in Factories)
        {
            if (create() is T)
            {
                names.Add(name);
            }
        }

        return [.. names];
    }
}
