using Harness.Onnx;
using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Measure;

/// <summary>An input with every dimension known: what the tensor factory builds.</summary>
public sealed record ResolvedInput(string Name, TensorElementType ElementType, long[] Shape, FillSpec Fill);

/// <summary>
/// Matches a scenario's input specs to a model's declared inputs and binds every symbolic
/// dimension: <c>batch</c> (and an unnamed dynamic leading dimension) from the load's batch size,
/// the rest from the model's <c>dims</c>. Anything that does not fit is an
/// <see cref="InputSpecException"/> naming the input, the dimension and the fix.
/// </summary>
public static class InputResolver
{
    public const string BatchSymbol = "batch";

    public static IReadOnlyList<ResolvedInput> Resolve(IReadOnlyList<TensorInfo> modelInputs, ModelSpec spec, int batchSize)
    {
        foreach (var given in spec.Inputs)
        {
            if (!modelInputs.Any(input => input.Name == given.Name))
            {
                throw new InputSpecException(
                    $"model '{spec.Name}' has no input '{given.Name}'; its inputs are: {string.Join(", ", modelInputs.Select(i => i.Name))}");
            }
        }

        var resolved = new List<ResolvedInput>(modelInputs.Count);
        for (var index = 0; index < modelInputs.Count; index++)
        {
            var input = modelInputs[index];
            if (!input.IsTensor || input.ElementType is TensorElementType.String or TensorElementType.Undefined)
            {
                throw new InputSpecException($"model '{spec.Name}' input '{input.Name}' is not a numeric tensor; Harness can only generate numeric tensor inputs");
            }

            var given = spec.Inputs.FirstOrDefault(i => i.Name == input.Name);
            var shape = given is null
                ? Derive(spec, input, batchSize)
                : Bind(spec, input, given, batchSize);
            var fill = given?.Fill ?? FillSpec.Default(seed: index + 1);
            resolved.Add(new ResolvedInput(input.Name, input.ElementType, shape, fill));
        }

        return resolved;
    }

    private static long[] Derive(ModelSpec spec, TensorInfo input, int batchSize)
    {
        var shape = new long[input.Shape.Length];
        var unbound = new List<int>();
        for (var d = 0; d < shape.Length; d++)
        {
            var symbol = SymbolOf(input, d);
            if (input.Shape[d] > 0)
            {
                shape[d] = input.Shape[d];
            }
            else if (symbol is not null && spec.Dimensions.TryGetValue(symbol, out var bound))
            {
                shape[d] = bound;
            }
            else if (d == 0)
            {
                // A dynamic leading dimension is the batch dimension by convention (ONNX exporters name it variously).
                shape[d] = batchSize;
            }
            else
            {
                unbound.Add(d);
            }
        }

        if (unbound.Count > 0)
        {
            // Name every unbound dimension at once, so one edit of the scenario fixes them all.
            var which = string.Join(", ", unbound.Select(d => SymbolOf(input, d) is { } s ? $"{d} ('{s}')" : $"{d} (unnamed)"));
            var named = unbound.Select(d => SymbolOf(input, d)).OfType<string>().ToList();
            throw new InputSpecException(
                $"model '{spec.Name}' input '{input.Name}' has dynamic dimension{(unbound.Count > 1 ? "s" : string.Empty)} {which}; " +
                $"give the input a shape in the scenario, e.g. inputs: [{{ name: {input.Name}, shape: [{Example(input)}] }}]" +
                (named.Count == unbound.Count ? $", or bind them with dims: {{ {string.Join(", ", named.Select(n => n + ": N"))} }}" : string.Empty));
        }

        CheckBatch(spec, input, shape, batchSize);
        return shape;
    }

    private static string? SymbolOf(TensorInfo input, int d) =>
        d < input.SymbolicDimensions.Length && !string.IsNullOrEmpty(input.SymbolicDimensions[d]) ? input.SymbolicDimensions[d] : null;

    private static long[] Bind(ModelSpec spec, TensorInfo input, InputSpec given, int batchSize)
    {
        if (given.Shape.Count != input.Shape.Length)
        {
            throw new InputSpecException(
                $"model '{spec.Name}' input '{input.Name}' has {input.Shape.Length} dimensions [{Describe(input)}], but the scenario gives {given.Shape.Count}: [{string.Join(", ", given.Shape)}]");
        }

        var shape = new long[given.Shape.Count];
        for (var d = 0; d < shape.Length; d++)
        {
            var dim = given.Shape[d];
            if (dim.Symbol is null)
            {
                shape[d] = dim.Size;
            }
            else if (dim.Symbol == BatchSymbol)
            {
                shape[d] = batchSize;
            }
            else if (spec.Dimensions.TryGetValue(dim.Symbol, out var bound))
            {
                shape[d] = bound;
            }
            else
            {
                throw new InputSpecException(
                    $"model '{spec.Name}' input '{input.Name}': symbol '{dim.Symbol}' is not bound; add dims: {{ {dim.Symbol}: N }} to the model, or use a number");
            }

            if (input.Shape[d] > 0 && input.Shape[d] != shape[d])
            {
                throw new InputSpecException(
                    $"model '{spec.Name}' input '{input.Name}' dimension {d} is fixed at {input.Shape[d]}, but the scenario asks for {shape[d]}");
            }
        }

        CheckBatch(spec, input, shape, batchSize);
        return shape;
    }

    private static void CheckBatch(ModelSpec spec, TensorInfo input, long[] shape, int batchSize)
    {
        if (batchSize > 1 && input.Shape.Length > 0 && input.Shape[0] > 0 && shape[0] != batchSize)
        {
            throw new InputSpecException(
                $"model '{spec.Name}' input '{input.Name}' has a fixed batch dimension of {input.Shape[0]}; batch size {batchSize} needs a model with a dynamic first dimension");
        }
    }

    private static string Describe(TensorInfo input) => string.Join(", ", input.Shape.Select((size, d) =>
        size > 0 ? size.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : d < input.SymbolicDimensions.Length && !string.IsNullOrEmpty(input.SymbolicDimensions[d]) ? input.SymbolicDimensions[d]! : "?"));

    private static string Example(TensorInfo input) => string.Join(", ", input.Shape.Select((size, d) =>
        d == 0 && size <= 0 ? BatchSymbol
        : size > 0 ? size.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : "N"));
}
