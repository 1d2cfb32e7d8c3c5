using System.Globalization;
using Harness.Optimize.Graph;

namespace Harness.Optimize.Quantization.Static;

/// <summary>
/// Warns when one scale per weight tensor starves some of its output channels. After
/// BatchNormalization is folded into a convolution its channels' magnitudes can differ by orders
/// of magnitude; a single scale then leaves the small channels a few of the 255 levels, or none,
/// and the model's output is lost (the PaddleOCR recognizer's depthwise convolutions go from
/// exact-line accuracy 0.94 to 0.00). Per-channel scales, the default, avoid it.
/// </summary>
public static class PerTensorWeightCheck
{
    /// <summary>A channel whose largest |w| is below this share of the tensor's keeps fewer than 8 of the 255 levels.</summary>
    private const double StarvedShare = 8.0 / 255;

    /// <summary>A note naming how many Conv weights have starved channels, or null when none has.</summary>
    public static string? Check(ModelGraph graph, QdqPlan plan)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(plan);
        var convolutions = 0;
        var starvedWeights = 0;
        var starvedChannels = 0;
        foreach (var use in plan.Weights.Where(w => w.Axis is null && w.Node.OpType == "Conv"))
        {
            if (graph.ReadFloats(use.Node.Input[use.Input]) is not { Length: > 0 } weights)
            {
                continue;
            }

            convolutions++;
            var starved = StarvedChannels(weights, graph.Initializer(use.Node.Input[use.Input])!.Dims[0]);
            if (starved > 0)
            {
                starvedWeights++;
                starvedChannels += starved;
            }
        }

        return starvedWeights == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"per-tensor weight scales: {starvedWeights} of {convolutions} Conv weights have output channels left fewer than 8 of the 255 int8 levels " +
            $"({starvedChannels} channels in all); such a model usually loses most of its accuracy. Per-channel scales (per_channel: true, the default) avoid it.");
    }

    private static int StarvedChannels(float[] weights, long channels)
    {
        var perChannel = (int)(weights.Length / channels);
        var maxima = new double[channels];
        for (var c = 0; c < channels; c++)
        {
            for (var i = 0; i < perChannel; i++)
            {
                maxima[c] = Math.Max(maxima[c], Math.Abs(weights[(c * perChannel) + i]));
            }
        }

        var largest = maxima.Max();
        return largest == 0 ? 0 : maxima.Count(m => m > 0 && m < largest * StarvedShare);
    }
}
