using System.Globalization;
using System.Text.Json.Nodes;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Optimize.Graph;
using Harness.Optimize.Variants;

namespace Harness.Optimize.Quantization.WeightOnly;

/// <summary>Options of weight-only int4 quantization.</summary>
public sealed record MatMulNBitsOptions
{
    /// <summary>Weights along K share a scale and zero point in blocks of this many (a power of two, at least 16).</summary>
    public int BlockSize { get; init; } = 32;

    public IReadOnlyList<string> ExcludedNodes { get; init; } = [];

    public JsonObject ToJson() => new()
    {
        ["bits"] = 4,
        ["blockSize"] = BlockSize,
        ["excludedNodes"] = CanonicalJson.SortedSet(ExcludedNodes),
    };
}

/// <summary>
/// Weight-only int4: each MatMul with a constant [K, N] weight becomes com.microsoft MatMulNBits,
/// which keeps the activations in float and dequantizes 4-bit weights block by block inside the
/// kernel. Blocks run along K, each with its own scale and zero point (asymmetric, the range
/// widened to include 0 as everywhere else). It shrinks weight-heavy MatMuls (transformer and
/// recurrent layers) to about a seventh; it does nothing for convolutions.
/// </summary>
public sealed class MatMulNBitsQuantizer : IVariantTransform
{
    private const string MicrosoftDomain = "com.microsoft";
    private const int Bits = 4;

    private readonly MatMulNBitsOptions options;

    public MatMulNBitsQuantizer(MatMulNBitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BlockSize < 16 || (options.BlockSize & (options.BlockSize - 1)) != 0)
        {
            throw new ModelRewriteException(string.Create(CultureInfo.InvariantCulture, $"The int4 block size must be a power of two of at least 16, not {options.BlockSize}."));
        }

        this.options = options;
    }

    public string Kind => "int4-weight-only";

    public int Version => 2;

    public string Spec => CanonicalJson.Write(new JsonObject { ["kind"] = Kind, ["options"] = options.ToJson() });

    public IVariantTransform? ForSubgraphs => this;

    public IVariantTransform ExcludingNodes(IReadOnlyCollection<string> nodes) =>
        new MatMulNBitsQuantizer(options with { ExcludedNodes = [.. options.ExcludedNodes, .. nodes] });

    public VariantResult Apply(OnnxModel source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var graph = ModelGraph.From(source);
        var notes = new List<string>();
        var constants = ConstantsToInitializers.Apply(graph);
        if (constants > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"moved {constants} Constant nodes into initializers"));
        }

        var decisions = new List<NodeDecision>();
        foreach (var node in graph.Nodes.ToList())
        {
            var reason = Rewrite(graph, node, out var transformed);
            decisions.Add(new NodeDecision(node.Name, node.OpType, transformed, reason));
        }

        if (decisions.Any(d => d.Transformed) && graph.OpsetVersion(MicrosoftDomain) == 0)
        {
            graph.SetOpset(MicrosoftDomain, 1);
        }

        graph.RemoveUnusedInitializers();
        graph.SortTopologically();
        return new VariantResult(graph.ToModel(), new VariantReport(Kind, decisions, notes));
    }

    private string Rewrite(ModelGraph graph, NodeProto node, out bool transformed)
    {
        transformed = false;
        if (node.OpType != "MatMul" || ModelGraph.NormalizeDomain(node.Domain) != "")
        {
            return "weight-only int4 covers MatMul weights only";
        }

        if (options.ExcludedNodes.Contains(node.Name, StringComparer.Ordinal))
        {
            return "excluded by node name";
        }

        if (graph.Initializer(node.Input[1]) is not { DataType: (int)TensorElementType.Float } weight)
        {
            return "dynamic weight: input 1 is computed at run time";
        }

        if (weight.Dims.Count != 2)
        {
            return "weight is not 2-D";
        }

        var (k, n) = ((int)weight.Dims[0], (int)weight.Dims[1]);
        var blocks = (k + options.BlockSize - 1) / options.BlockSize;
        var (packed, scales, zeroPoints) = Pack(graph.ReadTensor(weight).ToArray<float>(), k, n, blocks);
        var prefix = weight.Name;
        var b = TensorData.Create(graph.UniqueName(prefix + "_int4"), TensorElementType.UInt8, [n, blocks, options.BlockSize * Bits / 8], packed);
        var s = TensorData.Create<float>(graph.UniqueName(prefix + "_scales"), scales, [n * blocks]);
        var z = TensorData.Create(graph.UniqueName(prefix + "_zero_points"), TensorElementType.UInt8, [zeroPoints.Length], zeroPoints);
        graph.AddInitializer(b);
        graph.AddInitializer(s);
        graph.AddInitializer(z);

        var replacement = new NodeProto { OpType = "MatMulNBits", Domain = MicrosoftDomain, Name = graph.UniqueName(node.Name + "_int4") };
        replacement.Input.Add([node.Input[0], b.Name, s.Name, z.Name]);
        replacement.Output.Add(node.Output[0]);
        replacement.Attribute.Add(NodeAttribute.Int("K", k));
        replacement.Attribute.Add(NodeAttribute.Int("N", n));
        replacement.Attribute.Add(NodeAttribute.Int("bits", Bits));
        replacement.Attribute.Add(NodeAttribute.Int("block_size", options.BlockSize));
        graph.RemoveNode(node);
        graph.AddNode(replacement);
        transformed = true;
        return string.Create(CultureInfo.InvariantCulture, $"int4 weights in blocks of {options.BlockSize} (MatMulNBits)");
    }

    /// <summary>
    /// Column n of W becomes row n of B: blocks of BlockSize values along K, two 4-bit codes a byte,
    /// low nibble first; K is padded with zeros to whole blocks. Zero points pack the same way.
    /// </summary>
    private (byte[] Packed, float[] Scales, byte[] ZeroPoints) Pack(float[] w, int k, int n, int blocks)
    {
        var range = new IntegerRange(0, (1 << Bits) - 1);
        var blockBytes = options.BlockSize * Bits / 8;
        var packed = new byte[n * blocks * blockBytes];
        var scales = new float[n * blocks];
        var zeroPoints = new byte[n * ((blocks + 1) / 2)];
        for (var col = 0; col < n; col++)
        {
            for (var block = 0; block < blocks; block++)
            {
                var first = block * options.BlockSize;
                var last = Math.Min(first + options.BlockSize, k);
                var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
                for (var row = first; row < last; row++)
                {
                    min = Math.Min(min, w[(row * n) + col]);
                    max = Math.Max(max, w[(row * n) + col]);
                }

                var parameters = QuantizationMath.ComputeParameters(min, max, range, symmetric: false);
                scales[(col * blocks) + block] = parameters.Scale;
                zeroPoints[((col * ((blocks + 1) / 2)) + (block / 2))] |= (byte)(parameters.ZeroPoint << (4 * (block % 2)));
                for (var i = 0; i < options.BlockSize; i++)
                {
                    var row = first + i;
                    var code = row < k ? QuantizationMath.Quantize(w[(row * n) + col], parameters, range) : parameters.ZeroPoint;
                    packed[(((col * blocks) + block) * blockBytes) + (i / 2)] |= (byte)(code << (4 * (i % 2)));
                }
            }
        }

        return (packed, scales, zeroPoints);
    }
}
