using Harness.Results;

namespace Harness.Reports;

/// <summary>
/// One priced option of a model, ranked by cost per million inferences, and whether it is on the
/// Pareto frontier of (cost, user-visible p99, accuracy): no other option of the model is at least
/// as good on all three and better on one.
/// </summary>
public sealed record CostRow(PricedOption Option, int Rank, bool OnFrontier);

/// <summary>The decision view of a priced run: per model, its options ranked by cost, and its edge-versus-cloud break-even.</summary>
public sealed record CostComparison(string Model, IReadOnlyList<CostRow> Rows, BreakEvenInfo? BreakEven)
{
    public static IReadOnlyList<CostComparison> AllOf(PricingInfo? pricing)
    {
        if (pricing is null)
        {
            return [];
        }

        return [.. pricing.Options.GroupBy(o => o.Model).Select(model =>
        {
            var priced = model.Where(o => o.CostPerMillionUsd is not null).OrderBy(o => o.CostPerMillionUsd).ToList();
            var rows = priced.Select((o, i) => new CostRow(o, i + 1, !priced.Any(other => Dominates(other, o))))
                .Concat(model.Where(o => o.CostPerMillionUsd is null).Select(o => new CostRow(o, 0, false)))
                .ToList();
            return new CostComparison(model.Key, rows, pricing.BreakEvens.FirstOrDefault(b => b.Model == model.Key));
        })];
    }

    /// <summary>At least as cheap, as fast for the user and as accurate, and strictly better in one. Unknown figures count as equal.</summary>
    private static bool Dominates(PricedOption a, PricedOption b)
    {
        var cost = Compare(a.CostPerMillionUsd, b.CostPerMillionUsd, lowerIsBetter: true);
        var latency = Compare(a.UserP99Ms, b.UserP99Ms, lowerIsBetter: true);
        var accuracy = Compare(a.Accuracy, b.Accuracy, lowerIsBetter: false);
        return cost >= 0 && latency >= 0 && accuracy >= 0 && (cost > 0 || latency > 0 || accuracy > 0);
    }

    /// <summary>+1 when <paramref name="a"/> is better, −1 when worse, 0 when equal or either is unknown.</summary>
    private static int Compare(double? a, double? b, bool lowerIsBetter) =>
        a is not { } x || b is not { } y || x == y ? 0 : (x < y) == lowerIsBetter ? 1 : -1;
}
