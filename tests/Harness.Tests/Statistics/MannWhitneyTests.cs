using Harness.Statistics;

namespace Harness.Tests.Statistics;

public sealed class MannWhitneyTests
{
    [Fact]
    public void Should_Match_R_On_A_Small_Sample_With_Ties()
    {
        // Hollander and Wolfe's depression scores (R's wilcox.test example): U = 58, tie term 12 (two pairs in y).
        // By hand: var = 81/12 × (19 − 12/306) = 127.99, z = (58 − 40.5 − 0.5)/11.313 = 1.5027, P(Z > z) = 0.06646;
        // the other side: z = (40.5 − 58 − 0.5)/11.313, P = 0.94420.
        double[] x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
        double[] y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
        Array.Sort(x);
        Array.Sort(y);

        var (greater, less) = MannWhitney.PValues(x, y);

        Assert.Equal(0.06646, greater, 4);
        Assert.Equal(0.94420, less, 4);
    }

    [Fact]
    public void Should_Give_A_Finite_P_Value_For_Ten_Thousand_Latencies_A_Side()
    {
        var x = Enumerable.Range(0, 10_000).Select(i => 1.0 + (i * 1e-4)).ToArray();
        var y = Enumerable.Range(0, 10_000).Select(i => 1.02 + (i * 1e-4)).ToArray();

        var (greater, less) = MannWhitney.PValues(x, y);

        Assert.True(double.IsFinite(greater) && greater > 0.99, $"{greater}");
        Assert.True(less < 1e-6, $"{less}");
    }
}
