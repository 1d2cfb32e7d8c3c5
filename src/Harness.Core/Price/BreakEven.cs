namespace Harness.Price;

/// <summary>One way to serve a model: a unit's price and the capacity measured for it.</summary>
public sealed record ServingOption(string Name, UnitCost Unit, Capacity Capacity)
{
    /// <summary>How results name an option (in a break-even), so a report finds its priced row again.</summary>
    public static string NameOf(string variant, string target, string unit) => $"{variant} on {target} ({unit})";
}

/// <summary>
/// Which of two options is cheaper as demand grows, and from which demand on the one that wins at
/// large demand stays cheaper. Fleet costs are step functions (a fleet grows one unit at a time),
/// so the two curves may cross several times at low demand; <see cref="DemandQps"/> is the last
/// crossing within the searched range, after which the winner no longer changes.
/// </summary>
/// <param name="CheaperAtLowDemand">The cheaper option at the smallest demand (one unit each).</param>
/// <param name="CheaperAtHighDemand">The cheaper option at <paramref name="SearchedUpToQps"/>.</param>
/// <param name="DemandQps">The demand from which <paramref name="CheaperAtHighDemand"/> stays cheaper; null when one option is cheaper throughout.</param>
public sealed record BreakEven(string CheaperAtLowDemand, string CheaperAtHighDemand, double? DemandQps, double SearchedUpToQps)
{
    /// <summary>How many units of the larger option the search covers: far enough that rounding a fleet up no longer decides.</summary>
    public const int UnitsSearched = 200;

    public static BreakEven Find(ServingOption a, ServingOption b, double headroom)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        CostModel.CheckDemand(0, headroom);
        var stepA = a.Capacity.InferencesPerSecond / headroom;
        var stepB = b.Capacity.InferencesPerSecond / headroom;
        if (!(stepA > 0) || !(stepB > 0))
        {
            throw new PriceException($"{(stepA > 0 ? b.Name : a.Name)} has no measured throughput, so no break-even can be computed");
        }

        var limit = UnitsSearched * Math.Max(stepA, stepB);
        var points = Breakpoints(stepA, limit).Concat(Breakpoints(stepB, limit)).Append(0).Append(limit)
            .Distinct().Order().ToList();

        // Between two consecutive breakpoints both fleets keep their size, so the cost difference is
        // linear there: its sign at each end, and a root between, find every change of winner.
        double Difference(double demand) =>
            CostModel.FleetHourlyUsd(a.Unit, demand, headroom, a.Capacity) - CostModel.FleetHourlyUsd(b.Unit, demand, headroom, b.Capacity);

        int? lowWinner = null;
        var current = 0;
        double? lastSwitch = null;
        void Observe(int sign, double demand)
        {
            if (sign == 0)
            {
                return;
            }

            lowWinner ??= sign;
            if (current != 0 && sign != current)
            {
                lastSwitch = demand;
            }

            current = sign;
        }

        for (var i = 0; i + 1 < points.Count; i++)
        {
            var (left, right) = (points[i], points[i + 1]);
            var width = right - left;
            var (x1, x2) = (left + (0.25 * width), left + (0.75 * width));
            var (f1, f2) = (Difference(x1), Difference(x2));
            var slope = (f2 - f1) / (x2 - x1);
            var atLeft = f1 - (slope * (x1 - left));
            var atRight = atLeft + (slope * width);
            var (signLeft, signRight) = (Sign(atLeft), Sign(atRight));
            Observe(signLeft, left);
            if (signRight != signLeft)
            {
                Observe(signRight, signLeft == 0 ? right : Root(left, atLeft, slope, right));
            }
        }

        string Name(int sign) => sign < 0 ? a.Name : b.Name;
        var low = lowWinner ?? -1;
        return new BreakEven(Name(low), Name(current == 0 ? low : current), lastSwitch, limit);
    }

    private static IEnumerable<double> Breakpoints(double step, double limit)
    {
        for (var k = 1; k * step < limit; k++)
        {
            yield return k * step;
        }
    }

    /// <summary>Where the line through (left, atLeft) with <paramref name="slope"/> crosses zero, kept inside [left, right].</summary>
    private static double Root(double left, double atLeft, double slope, double right) =>
        slope == 0 ? right : Math.Clamp(left - (atLeft / slope), left, right);

    /// <summary>Cost differences below a millionth of a cent an hour are ties, not a winner.</summary>
    private static int Sign(double difference) => Math.Abs(difference) < 1e-8 ? 0 : Math.Sign(difference);
}
