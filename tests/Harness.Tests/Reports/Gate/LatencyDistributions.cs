namespace Harness.Tests.Reports.Gate;

/// <summary>Latency-shaped distributions for the gate's simulation tests, written out so nothing hides in a package.</summary>
internal static class LatencyDistributions
{
    /// <summary>Log-normal around <paramref name="medianMs"/> (σ 0.25), with 0.2% of requests hit by a 5–20× stall (a preemption, a page fault).</summary>
    public static double[] LogNormalWithOutliers(Random random, int n, double medianMs)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = medianMs * Math.Exp(0.25 * StandardNormal(random));
            if (random.NextDouble() < 0.002)
            {
                values[i] *= 5 + (15 * random.NextDouble());
            }
        }

        return values;
    }

    /// <summary>Two modes: 70% of requests near <paramref name="fastMs"/> (a warm cache), 30% near 1.8× that (a cold one), each log-normal with σ 0.08.</summary>
    public static double[] Bimodal(Random random, int n, double fastMs)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var mode = random.NextDouble() < 0.7 ? fastMs : fastMs * 1.8;
            values[i] = mode * Math.Exp(0.08 * StandardNormal(random));
        }

        return values;
    }

    public static double StandardNormal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
