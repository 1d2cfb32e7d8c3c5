using System.Globalization;
using Harness.Onnx.Model;
using Harness.Optimize.Graph;

namespace Harness.Optimize.Quantization.Calibration;

/// <summary>
/// The fixed input shapes random calibration data needs: the model's declared dimensions, a
/// symbolic leading (batch) dimension as 1, and user overrides "NAME=D0,D1,…" for the rest (each
/// input once, each sample of a size an array holds). Every
/// dimension still unknown is named in one message, so one command line fixes them all.
/// </summary>
public static class CalibrationShapes
{
    public static Dictionary<string, long[]> Resolve(OnnxModel model, IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(overrides);
        var given = ParseAll(overrides);
        var inputs = model.Inputs;
        foreach (var name in given.Keys.Where(n => inputs.All(i => i.Name != n)))
        {
            throw new ModelRewriteException($"--input-shape names '{name}', but {model.SourceName} has no such input; its inputs are: {string.Join(", ", inputs.Select(i => i.Name))}.");
        }

        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var input in inputs)
        {
            if (given.TryGetValue(input.Name, out var shape))
            {
                shapes[input.Name] = shape;
                continue;
            }

            var dims = input.Type?.TensorType?.Shape?.Dim.ToList() ?? [];
            shape = new long[dims.Count];
            for (var d = 0; d < dims.Count; d++)
            {
                if (dims[d].HasDimValue && dims[d].DimValue > 0)
                {
                    shape[d] = dims[d].DimValue;
                }
                else if (d == 0)
                {
                    shape[d] = 1; // a dynamic leading dimension is the batch
                }
                else
                {
                    unknown.Add(string.Create(CultureInfo.InvariantCulture, $"'{input.Name}' dimension {d}{(dims[d].HasDimParam ? $" ('{dims[d].DimParam}')" : string.Empty)}"));
                }
            }

            shapes[input.Name] = shape;
        }

        if (unknown.Count > 0)
        {
            var example = inputs.First(i => unknown[0].StartsWith($"'{i.Name}'", StringComparison.Ordinal));
            throw new ModelRewriteException(
                $"Calibration needs fixed input shapes, and these dimensions of {model.SourceName} are symbolic: {string.Join(", ", unknown)}. " +
                $"Give them with --input-shape, e.g. --input-shape {example.Name}=1,3,224,224 (use the size the model is run at).");
        }

        return shapes;
    }

    /// <summary>The most elements one calibration input may have: a float32 tensor of 1 GiB, far above any real sample, and inside an array's reach.</summary>
    public const long MaxElements = 1L << 28;

    /// <summary>The --input-shape overrides, NAME=D0,D1,… each, by input name; an input named twice is refused.</summary>
    public static Dictionary<string, long[]> ParseAll(IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var given = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (name, shape) in overrides.Select(Parse))
        {
            if (!given.TryAdd(name, shape))
            {
                throw new ModelRewriteException($"--input-shape gives '{name}' twice; give each input's shape once.");
            }
        }

        return given;
    }

    private static (string Name, long[] Shape) Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var dims = equals > 0 ? text[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries) : [];
        var shape = new long[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            if (!long.TryParse(dims[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]) || shape[i] < 1)
            {
                shape = [];
                break;
            }
        }

        if (equals <= 0 || shape.Length == 0)
        {
            throw new ModelRewriteException($"--input-shape '{text}' is not NAME=D0,D1,… with positive whole numbers (e.g. x=1,3,48,320).");
        }

        // Checked one dimension at a time, so the product cannot overflow before it is refused.
        var elements = 1L;
        foreach (var dim in shape)
        {
            if (dim > MaxElements || (elements *= dim) > MaxElements)
            {
                throw new ModelRewriteException(string.Create(CultureInfo.InvariantCulture,
                    $"--input-shape '{text}' asks for more than {MaxElements} elements in one calibration sample; give the size the model is run at (e.g. x=1,3,224,224)."));
            }
        }

        return (text[..equals], shape);
    }
}
