using Harness.Onnx;
using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Measure;

/// <summary>An input with every dimension known: what the tensor factory builds.</summary>
public sealed record ResolvedInput(string Name, TensorElementType ElementType, long[] Shape, FillSpec Fill)
{
    /// <summary>The axis that grows with the batch; null for an input every sample of a batch shares (a sample rate, say).</summary>
    public int? BatchAxis { get; init; }
}

/// <summary>
/// Matches a scenario's input specs to a model's declared inputs and binds every symbolic
/// dimension: the batch axis (<c>batch_axis</c>, the <c>batch</c> symbol, or an unnamed dynamic
/// leading dimension) from the load's batch size, the rest from the model's <c>dims</c>. Anything
/// that does not fit is an <see cref="InputSpecException"/> naming the input, the dimension and the
/// fix; a batch the model cannot take is a <see cref="FixedBatchException"/>.
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
            var (shape, axis) = given?.Shape is { } dims
                ? Bind(spec, input, dims, given.BatchAxis, batchSize)
                : Derive(spec, input, given?.BatchAxis, batchSize);
            var fill = given?.Fill ?? FillSpec.Default(seed: index + 1);
            CheckFill(spec, input, given, fill);
            resolved.Add(new ResolvedInput(input.Name, input.ElementType, shape, fill) { BatchAxis = axis });
        }

        if (batchSize > 1 && resolved.All(r => r.BatchAxis is null))
        {
            throw FixedBatch(spec, modelInputs, batchSize);
        }

        return resolved;
    }

    /// <summary>
    /// Integers are never guessed: zeros (or any default) can pick a model's other branch (a sample
    /// rate of 0) and still "work". A fill that cannot make valid values of the type is refused.
    /// </summary>
    private static void CheckFill(ModelSpec spec, TensorInfo input, InputSpec? given, FillSpec fill)
    {
        var type = input.ElementType.DisplayName();
        if (Fills.IsIntegral(input.ElementType) && given is not { FillGiven: true })
        {
            throw new InputSpecException(
                $"model '{spec.Name}' input '{input.Name}' is {type}, and Harness does not guess integer values (a sample rate, a token id, a flag); " +
                $"give it a fill, e.g. inputs: [{{ name: {input.Name}, fill: constant, value: N }}] or fill: values, values: [...]");
        }

        if (Fills.ProblemFor(fill, input.ElementType) is { } problem)
        {
            throw new InputSpecException($"model '{spec.Name}' input '{input.Name}' is {type}: {problem}");
        }
    }

    private static FixedBatchException FixedBatch(ModelSpec spec, IReadOnlyList<TensorInfo> modelInputs, int batchSize)
    {
        var first = modelInputs.FirstOrDefault(i => i.Shape.Length > 0);
        var fixedAt = first is null
            ? "has no batch dimension (its inputs are scalars)"
            : $"has its batch dimension fixed at {first.Shape[0]} (input '{first.Name}' is [{Describe(first)}])";
        return new FixedBatchException(
            $"model '{spec.Name}' {fixedAt}, so it cannot run {batchSize} samples per inference: batching loads (offline batch > 1, a batcher) cannot run it; " +
            "server, multi-stream and concurrency loads without a batcher run it one sample per inference. Export the model with a dynamic batch dimension to batch it");
    }

    private static (long[] Shape, int? Axis) Derive(ModelSpec spec, TensorInfo input, int? declaredAxis, int batchSize)
    {
        var axis = declaredAxis ?? DeclaredBatchAxis(input);
        CheckAxis(spec, input, axis, input.Shape.Length);
        var shape = new long[input.Shape.Length];
        var unbound = new List<int>();
        for (var d = 0; d < shape.Length; d++)
        {
            var symbol = SymbolOf(input, d);
            if (input.Shape[d] > 0)
            {
                shape[d] = input.Shape[d];
            }
            else if (d == axis)
            {
                shape[d] = batchSize;
            }
            else if (symbol is not null && spec.Dimensions.TryGetValue(symbol, out var bound))
            {
                shape[d] = bound;
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

        return (shape, BatchAxisAfterBinding(spec, input, shape, axis, batchSize));
    }

    /// <summary>
    /// The batch axis a model declares itself: a dimension named <c>batch</c> anywhere, else a
    /// dynamic leading dimension (the batch by convention; exporters name it variously). A fixed
    /// leading dimension is not taken for one: the input may be shared by the batch (a sample rate of shape [1]).
    /// </summary>
    private static int? DeclaredBatchAxis(TensorInfo input)
    {
        for (var d = 0; d < input.Shape.Length; d++)
        {
            if (string.Equals(SymbolOf(input, d), BatchSymbol, StringComparison.OrdinalIgnoreCase))
            {
                return d;
            }
        }

        return input.Shape.Length > 0 && input.Shape[0] <= 0 ? 0 : null;
    }

    private static void CheckAxis(ModelSpec spec, TensorInfo input, int? axis, int rank)
    {
        if (axis is { } a && (a < 0 || a >= rank))
        {
            throw new InputSpecException($"model '{spec.Name}' input '{input.Name}' has {rank} dimension{(rank == 1 ? string.Empty : "s")}, so batch_axis {a} does not exist; give 0 to {rank - 1}");
        }
    }

    /// <summary>
    /// The batch axis once the shape is bound. A model that fixes the axis takes only its own size:
    /// a larger batch cannot run (<see cref="FixedBatchException"/>), and at batch 1 the input runs at
    /// the fixed size and does not grow.
    /// </summary>
    private static int? BatchAxisAfterBinding(ModelSpec spec, TensorInfo input, long[] shape, int? axis, int batchSize)
    {
        if (axis is not { } a || input.Shape[a] <= 0 || input.Shape[a] == batchSize)
        {
            return axis;
        }

        if (batchSize > 1)
        {
            throw new FixedBatchException(
                $"model '{spec.Name}' input '{input.Name}' has its batch dimension (axis {a}) fixed at {input.Shape[a]}, so it cannot run {batchSize} samples per inference: " +
                "batching loads (offline batch > 1, a batcher) cannot run it; server, multi-stream and concurrency loads without a batcher run it one sample per inference");
        }

        shape[a] = input.Shape[a];
        return null;
    }

    private static string? SymbolOf(TensorInfo input, int d) =>
        d < input.SymbolicDimensions.Length && !string.IsNullOrEmpty(input.SymbolicDimensions[d]) ? input.SymbolicDimensions[d] : null;

    private static (long[] Shape, int? Axis) Bind(ModelSpec spec, TensorInfo input, IReadOnlyList<DimensionSpec> given, int? declaredAxis, int batchSize)
    {
        if (given.Count != input.Shape.Length)
        {
            throw new InputSpecException(
                $"model '{spec.Name}' input '{input.Name}' has {input.Shape.Length} dimensions [{Describe(input)}], but the scenario gives {given.Count}: [{string.Join(", ", given)}]");
        }

        var axis = declaredAxis;
        for (var d = 0; d < given.Count && axis is null; d++)
        {
            axis = given[d].Symbol == BatchSymbol ? d : null;
        }

        CheckAxis(spec, input, axis, given.Count);
        var shape = new long[given.Count];
        for (var d = 0; d < shape.Length; d++)
        {
            var dim = given[d];
            if (d == axis)
            {
                shape[d] = batchSize;
                continue;
            }

            if (dim.Symbol is null)
            {
                shape[d] = dim.Size;
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

        return (shape, BatchAxisAfterBinding(spec, input, shape, axis, batchSize));
    }

    private static string Describe(TensorInfo input) => string.Join(", ", input.Shape.Select((size, d) =>
        size > 0 ? size.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : d < input.SymbolicDimensions.Length && !string.IsNullOrEmpty(input.SymbolicDimensions[d]) ? input.SymbolicDimensions[d]! : "?"));

    private static string Example(TensorInfo input) => string.Join(", ", input.Shape.Select((size, d) =>
        d == 0 && size <= 0 ? BatchSymbol
        : size > 0 ? size.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : "N"));
}
