using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Optimize.Graph;
using Harness.Optimize.Variants;

namespace Harness.Optimize.Precision;

/// <summary>
/// Converts a model's float32 compute to float16. Each node is either float16 (its float inputs and
/// outputs become float16) or stays float32 (blocked op or node, other domains, subgraphs, ops whose
/// output type is fixed by an attribute). Wherever a value's producer and a reader disagree, a Cast
/// goes between them; float constants read by float16 nodes are stored as float16 (clamped, see
/// <see cref="Float16Options"/>). Graph inputs and outputs become float16 too, unless
/// <see cref="Float16Options.KeepIoTypes"/> keeps them float32 behind Casts.
/// </summary>
public sealed class Float16Converter : IVariantTransform
{
    // Ops whose float output type comes from an attribute, or whose scale inputs must stay float32 in the opsets we emit.
    private static readonly HashSet<string> FixedPrecisionOps = new(StringComparer.Ordinal)
    {
        "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "EyeLike", "RandomNormal", "RandomUniform", "RandomNormalLike",
        "Multinomial", "Bernoulli",
    };

    // Inputs that are float32 by the op's signature whatever the data type (Resize's roi and scales).
    private static readonly Dictionary<string, int[]> Float32Inputs = new(StringComparer.Ordinal)
    {
        ["Resize"] = [1, 2],
        ["Upsample"] = [1],
    };

    private readonly Float16Options options;

    public Float16Converter(Float16Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    public string Kind => "fp16";

    public int Version => 2;

    public string Spec => CanonicalJson.Write(new JsonObject { ["kind"] = Kind, ["options"] = options.ToJson() });

    public IVariantTransform? ForSubgraphs => options.KeepIoTypes ? this : new Float16Converter(options with { KeepIoTypes = true });

    public IVariantTransform ExcludingNodes(IReadOnlyCollection<string> nodes) =>
        new Float16Converter(options with { BlockedNodes = [.. options.BlockedNodes, .. nodes] });

    public VariantResult Apply(OnnxModel source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var graph = ModelGraph.From(source);
        var notes = new List<string>();
        var constants = ConstantsToInitializers.Apply(graph);
        if (constants > 0)
        {
            notes.Add(Say($"moved {constants} Constant nodes into initializers, so their float values convert too"));
        }

        // Folded factors stay within float16's range where raw statistics (variances of 1e8) do not.
        var folded = ConvFolding.Apply(graph) + BatchNormToAffine.Apply(graph);
        if (folded > 0)
        {
            notes.Add(Say($"folded {folded} BatchNormalization/constant scale nodes into Conv weights or per-channel Mul/Add first"));
        }

        var run = new Conversion(graph, options, ValueTypes.Infer(graph));
        var decisions = run.Convert();
        if (run.Clamped > 0)
        {
            notes.Add(Say($"clamped {run.Clamped} constant values into ±[{options.MinPositive:G3}, {options.MaxFinite:G3}]"));
        }

        foreach (var (name, largest) in run.ClampedLarge)
        {
            notes.Add(Say($"warning: initializer '{name}' holds values up to {largest:G3}, clamped to {options.MaxFinite:G3}; the model may compute differently. Block the node that reads it to keep it float32."));
        }

        if (run.Casts > 0)
        {
            notes.Add(Say($"inserted {run.Casts} Cast nodes where float16 and float32 parts meet"));
        }

        return new VariantResult(graph.ToModel(), new VariantReport(Kind, decisions, notes));
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One conversion's state: which nodes run in float16, and the casts and copies made so far.</summary>
    private sealed class Conversion(ModelGraph graph, Float16Options options, Dictionary<string, TensorElementType> types)
    {
        private readonly Dictionary<NodeProto, string?> blockReasons = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<(string, TensorElementType), string> casts = [];
        private readonly Dictionary<string, string> halfInitializers = new(StringComparer.Ordinal);

        public int Clamped { get; private set; }

        /// <summary>Initializers that lost large values to the clamp, with their largest magnitude.</summary>
        public List<(string Name, float Largest)> ClampedLarge { get; } = [];

        public int Casts => casts.Count;

        public List<NodeDecision> Convert()
        {
            var nodes = graph.Nodes.ToList();
            foreach (var node in nodes)
            {
                blockReasons[node] = BlockReason(node);
            }

            foreach (var node in nodes)
            {
                RetypeInputs(node);
                if (blockReasons[node] is null)
                {
                    RetypeAttributes(node);
                }
            }

            RetypeGraphBoundary();
            RetypeValueInfo();
            graph.RemoveUnusedInitializers();
            graph.SortTopologically();
            return nodes.Select(n => new NodeDecision(n.Name, n.OpType, blockReasons[n] is null, blockReasons[n] ?? "float16")).ToList();
        }

        private string? BlockReason(NodeProto node)
        {
            if (!node.Input.Concat(node.Output).Any(IsFloat))
            {
                return "no float32 values";
            }

            if (options.BlockedOps.Contains(node.OpType, StringComparer.Ordinal))
            {
                return "op is on the float16 block list";
            }

            if (options.BlockedNodes.Contains(node.Name, StringComparer.Ordinal))
            {
                return "node is on the float16 block list";
            }

            if (ModelGraph.NormalizeDomain(node.Domain) != "")
            {
                return $"op of domain '{node.Domain}' is kept float32";
            }

            if (SubgraphScope.HasSubgraphs(node))
            {
                return "has subgraphs, which the conversion does not enter";
            }

            return FixedPrecisionOps.Contains(node.OpType) ? "its float types are fixed by its signature or attributes" : null;
        }

        private bool IsFloat(string value) => value.Length > 0 && types.TryGetValue(value, out var type) && type == TensorElementType.Float;

        /// <summary>The type a float32 value has after conversion, before any cast.</summary>
        private TensorElementType TypeAfter(string value)
        {
            if (graph.IsGraphInput(value))
            {
                return options.KeepIoTypes ? TensorElementType.Float : TensorElementType.Float16;
            }

            return graph.Producer(value) is { } producer && blockReasons.TryGetValue(producer, out var reason) && reason is null
                ? TensorElementType.Float16
                : TensorElementType.Float;
        }

        private void RetypeInputs(NodeProto node)
        {
            var half = blockReasons[node] is null;
            for (var i = 0; i < node.Input.Count; i++)
            {
                var value = node.Input[i];
                if (!IsFloat(value) || (half && node.OpType == "Cast"))
                {
                    continue; // Cast reads any type.
                }

                var wanted = half && !(Float32Inputs.TryGetValue(node.OpType, out var fixedInputs) && fixedInputs.Contains(i))
                    ? TensorElementType.Float16
                    : TensorElementType.Float;
                if (graph.Initializer(value) is { } initializer)
                {
                    if (wanted == TensorElementType.Float16)
                    {
                        node.Input[i] = HalfInitializer(initializer);
                    }
                }
                else if (TypeAfter(value) != wanted)
                {
                    node.Input[i] = Cast(value, wanted);
                }
            }

            RetypeOuterReferences(node);
            graph.Invalidate();
        }

        /// <summary>
        /// A node with subgraphs stays float32, and so do its bodies; they also read values of the
        /// enclosing graph by name, which must reach them as float32 even where their producer now
        /// writes float16, or ONNX Runtime refuses the body's nodes for mixed types.
        /// </summary>
        private void RetypeOuterReferences(NodeProto node)
        {
            var outer = SubgraphScope.AllInputs(node).Except(node.Input, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
            foreach (var value in outer.Where(v => IsFloat(v) && !graph.IsInitializer(v) && TypeAfter(v) != TensorElementType.Float))
            {
                SubgraphScope.RenameInput(node, value, Cast(value, TensorElementType.Float));
            }
        }

        private void RetypeAttributes(NodeProto node)
        {
            if (node.OpType == "Cast" && node.Attribute.FirstOrDefault(a => a.Name == "to") is { I: (int)TensorElementType.Float } to)
            {
                to.I = (int)TensorElementType.Float16;
            }

            if (node.OpType == "ConstantOfShape" && node.Attribute.FirstOrDefault(a => a.Name == "value") is { T.DataType: (int)TensorElementType.Float } value)
            {
                value.T = Float16Values.Convert(TensorValue.FromProto(value.T), value.T.Name, options.MinPositive, options.MaxFinite, out var clamped);
                Clamped += clamped;
            }
        }

        private void RetypeGraphBoundary()
        {
            foreach (var input in graph.Graph.Input.Where(i => IsFloat(i.Name) && graph.IsGraphInput(i.Name) && !options.KeepIoTypes))
            {
                input.Type.TensorType.ElemType = (int)TensorElementType.Float16;
            }

            foreach (var output in graph.Graph.Output.Where(o => IsFloat(o.Name) && !graph.IsInitializer(o.Name) && !graph.IsGraphInput(o.Name)))
            {
                var produced = TypeAfter(output.Name);
                if (options.KeepIoTypes && produced == TensorElementType.Float16)
                {
                    // The producer now writes a float16 value under a new name; a Cast restores the output's name and type.
                    var half = graph.UniqueName(output.Name + "_fp16");
                    var producer = graph.Producer(output.Name)!;
                    producer.Output[producer.Output.IndexOf(output.Name)] = half;
                    graph.Invalidate();
                    graph.RedirectConsumers(output.Name, half);
                    AddCast(half, output.Name, TensorElementType.Float);
                }
                else if (output.Type?.TensorType is { } tensorType)
                {
                    tensorType.ElemType = (int)produced;
                }
            }
        }

        private void RetypeValueInfo()
        {
            foreach (var info in graph.Graph.ValueInfo.Where(v => IsFloat(v.Name) && v.Type?.TensorType is not null))
            {
                info.Type.TensorType.ElemType = (int)TypeAfter(info.Name);
            }
        }

        private string HalfInitializer(TensorProto initializer)
        {
            if (!halfInitializers.TryGetValue(initializer.Name, out var name))
            {
                var value = graph.ReadTensor(initializer);
                var half = Float16Values.Convert(value, graph.UniqueName(initializer.Name + "_fp16"), options.MinPositive, options.MaxFinite, out var clamped);
                Clamped += clamped;
                var largest = value.ToArray<float>().Where(float.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
                if (largest > options.MaxFinite)
                {
                    ClampedLarge.Add((initializer.Name, largest));
                }
                graph.AddInitializer(half);
                name = halfInitializers[initializer.Name] = half.Name;
            }

            return name;
        }

        private string Cast(string value, TensorElementType to)
        {
            if (!casts.TryGetValue((value, to), out var name))
            {
                name = graph.UniqueName(value + (to == TensorElementType.Float16 ? "_to_fp16" : "_to_fp32"));
                AddCast(value, name, to);
            }

            return name;
        }

        private void AddCast(string from, string to, TensorElementType type)
        {
            var cast = new NodeProto { OpType = "Cast", Name = graph.UniqueName(to + "_Cast") };
            cast.Input.Add(from);
            cast.Output.Add(to);
            cast.Attribute.Add(NodeAttribute.Int("to", (int)type));
            graph.AddNode(cast);
            casts[(from, type)] = to;
        }
    }
}
