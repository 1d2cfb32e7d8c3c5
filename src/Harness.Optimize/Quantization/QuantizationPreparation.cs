using System.Globalization;
using Harness.Optimize.Graph;

namespace Harness.Optimize.Quantization;

/// <summary>
/// The float-to-float passes both quantizers run first, each a no-op where it does not apply:
/// Constant nodes become initializers (so weights are found), the opset rises to what the
/// quantized ops need, per-channel affine ops fold into their Conv, divisions by constants become
/// multiplications. The model still computes the same function (to float rounding) afterwards.
/// </summary>
public static class QuantizationPreparation
{
    /// <summary>Default-domain opset the quantizers emit: per-channel QuantizeLinear/DequantizeLinear and int8 MaxPool need 13 and 12.</summary>
    public const long TargetOpset = 13;

    /// <summary>Runs the passes and returns one note per pass that changed something.</summary>
    public static List<string> Apply(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var notes = new List<string>();
        var constants = ConstantsToInitializers.Apply(graph);
        if (constants > 0)
        {
            notes.Add(Say($"moved {constants} Constant nodes into initializers"));
        }

        var opset = graph.OpsetVersion("");
        if (OpsetUpgrade.Apply(graph, TargetOpset))
        {
            notes.Add(Say($"upgraded the ONNX opset from {opset} to {TargetOpset} (quantized operators need it)"));
        }

        var folded = ConvFolding.Apply(graph);
        if (folded > 0)
        {
            notes.Add(Say($"folded {folded} BatchNormalization/constant Mul/Add nodes into their Conv weights"));
        }

        var arithmetic = ConstantArithmetic.Apply(graph);
        if (arithmetic > 0)
        {
            notes.Add(Say($"rewrote {arithmetic} constant divisions and scalar multiplication chains as single multiplications"));
        }

        graph.SortTopologically();
        return notes;
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
