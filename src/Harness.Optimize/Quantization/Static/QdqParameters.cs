using Harness.Optimize.Graph;

namespace Harness.Optimize.Quantization.Static;

/// <summary>
/// Resolves the scale and zero point of every planned activation, following shared and affine
/// sources to the tensor whose integers carry the values (its <c>Root</c>). Placement uses it to
/// check that a rescaled zero point still fits the integer type; insertion to write the parameters.
/// </summary>
public sealed class QdqParameters
{
    // A shift within a thousandth of a step of a whole number of steps counts as whole (float
    // round-off of constants such as 3 / scale).
    private const double ShiftTolerance = 1e-3;

    private readonly QdqPlan plan;
    private readonly IntegerRange range;
    private readonly bool symmetric;
    private readonly Dictionary<string, (QuantizationParameters Parameters, string Root)> resolved = new(StringComparer.Ordinal);

    public QdqParameters(QdqPlan plan, StaticQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        this.plan = plan;
        range = IntegerRange.For(options.ActivationType, options.ActivationSymmetric, reduceRange: false);
        symmetric = options.ActivationSymmetric;
    }

    public IntegerRange Range => range;

    /// <summary>The parameters of <paramref name="tensor"/> and the tensor whose quantized integers it is read from.</summary>
    public (QuantizationParameters Parameters, string Root) Of(string tensor) => Of(tensor, 0);

    /// <summary>
    /// Parameters under which the integers of <paramref name="of"/> read as factor × value + shift:
    /// the scale multiplies, the zero point moves by −shift / scale. Null when the factor is not
    /// positive, the shift is not a whole number of steps, or the zero point leaves the integer type.
    /// </summary>
    public QuantizationParameters? Rescaled(string of, float factor, float shift)
    {
        if (!(factor > 0) || !float.IsFinite(factor) || !float.IsFinite(shift))
        {
            return null;
        }

        var source = Of(of).Parameters;
        var scale = source.Scale * factor;
        var steps = shift / (double)scale;
        var zeroPoint = source.ZeroPoint - Math.Round(steps, MidpointRounding.ToEven);

        // Exact only when the shift is a whole number of steps: a rounded zero point would move
        // every element of the tensor by the same fraction of a step, a bias that requantizing
        // (which rounds each element on its own) does not have. Then the op stays.
        if (Math.Abs(steps - Math.Round(steps)) > ShiftTolerance)
        {
            return null;
        }

        var (min, max) = TypeLimits();
        return scale > 0 && float.IsFinite(scale) && zeroPoint >= min && zeroPoint <= max
            ? new QuantizationParameters(scale, (int)zeroPoint)
            : null;
    }

    private (QuantizationParameters Parameters, string Root) Of(string tensor, int depth)
    {
        if (resolved.TryGetValue(tensor, out var known))
        {
            return known;
        }

        if (depth > 256)
        {
            throw new InvalidOperationException($"Quantization parameters of '{tensor}' refer to each other in a cycle.");
        }

        var source = plan.Activations[tensor];
        (QuantizationParameters, string) result;
        if (source.SameAs is { } owner)
        {
            // Same parameters, but its own integers: a shared tensor gets its own QuantizeLinear.
            result = (Of(owner, depth + 1).Parameters, tensor);
        }
        else if (source.AffineOf is { } of)
        {
            result = (Rescaled(of, source.Factor, source.Shift)
                ?? throw new InvalidOperationException($"'{tensor}' was planned as a rescaled '{of}' that does not fit."), Of(of, depth + 1).Root);
        }
        else
        {
            result = (QuantizationMath.ComputeParameters(source.Range.Min, source.Range.Max, range, symmetric), tensor);
        }

        return resolved[tensor] = result;
    }

    // Zero points are stored in the activation type, whatever range values are clipped to.
    private (int Min, int Max) TypeLimits() => range.Min < 0 ? (-128, 127) : (0, 255);
}
