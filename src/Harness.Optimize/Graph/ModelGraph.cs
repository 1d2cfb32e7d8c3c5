using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Graph;

/// <summary>
/// A model being rewritten: its own copy of the protobuf message plus the lookups every pass needs
/// (who produces a value, who reads it, which values are initializers) and a name generator. The
/// lookups are rebuilt lazily after any change made through this class, so a pass never sees a stale
/// map; passes that edit nodes' fields directly call <see cref="Invalidate"/>.
/// Only the main graph is rewritten. Subgraphs (If/Loop/Scan bodies) are carried over as they are,
/// but the values they read from the outer graph count as inputs of their node, so nothing they
/// need is ever removed or reordered past.
/// </summary>
public sealed class ModelGraph
{
    private readonly OnnxModel origin;
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private Dictionary<string, NodeProto>? producers;
    private Dictionary<string, List<NodeProto>>? consumers;
    private Dictionary<string, TensorProto>? initializers;

    private ModelGraph(OnnxModel model)
    {
        Proto = model.Proto.Clone();
        origin = OnnxModel.FromProto(Proto, model.SourceName, model.BaseDirectory);
        CollectNames();
        NameUnnamedNodes();
    }

    /// <summary>The message being rewritten (a copy: the source model is never changed).</summary>
    public ModelProto Proto { get; }

    public GraphProto Graph => Proto.Graph;

    public Google.Protobuf.Collections.RepeatedField<NodeProto> Nodes => Proto.Graph.Node;

    public string SourceName => origin.SourceName;

    /// <summary>Copies the model for rewriting. External data stays where it is and is read from the source folder.</summary>
    public static ModelGraph From(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelGraph(model);
    }

    /// <summary>The rewritten model; tensors still stored externally resolve against the source folder.</summary>
    public OnnxModel ToModel() => OnnxModel.FromProto(Proto, origin.SourceName, origin.BaseDirectory);

    public NodeProto? Producer(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Producers.GetValueOrDefault(value);
    }

    /// <summary>Nodes reading <paramref name="value"/>, including nodes whose subgraphs read it.</summary>
    public IReadOnlyList<NodeProto> Consumers(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ConsumerMap.TryGetValue(value, out var list) ? list : [];
    }

    public TensorProto? Initializer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Initializers.GetValueOrDefault(name);
    }

    public bool IsInitializer(string name) => Initializer(name) is not null;

    public bool IsGraphOutput(string name) => Graph.Output.Any(o => o.Name == name);

    /// <summary>True for inputs a caller feeds (not initializers listed as inputs by old IR versions).</summary>
    public bool IsGraphInput(string name) => !IsInitializer(name) && Graph.Input.Any(i => i.Name == name);

    /// <summary>A tensor's values, wherever they are stored (raw, typed fields or an external file).</summary>
    public TensorValue ReadTensor(TensorProto tensor) => origin.ReadTensor(tensor);

    /// <summary>An initializer's values as float32; null when it is missing or not float32.</summary>
    public float[]? ReadFloats(string initializerName)
    {
        var tensor = Initializer(initializerName);
        return tensor is null || TensorData.ElementTypeOf(tensor) != Harness.Onnx.TensorElementType.Float
            ? null
            : ReadTensor(tensor).ToArray<float>();
    }

    /// <summary>
    /// A name no value, node or initializer in the model uses yet, made from <paramref name="hint"/>;
    /// reserved at once so two calls never return the same name.
    /// </summary>
    public string UniqueName(string hint)
    {
        ArgumentException.ThrowIfNullOrEmpty(hint);
        var name = hint;
        for (var i = 1; !names.Add(name); i++)
        {
            name = $"{hint}_{i}";
        }

        return name;
    }

    /// <summary>The version of <paramref name="domain"/> the model imports; "" and "ai.onnx" are the same domain. 0 when not imported.</summary>
    public long OpsetVersion(string domain = "")
    {
        var wanted = NormalizeDomain(domain);
        return Proto.OpsetImport.Where(o => NormalizeDomain(o.Domain) == wanted).Select(o => o.Version).DefaultIfEmpty(0).Max();
    }

    /// <summary>Imports <paramref name="domain"/> at <paramref name="version"/>, replacing any other version of it.</summary>
    public void SetOpset(string domain, long version)
    {
        var wanted = NormalizeDomain(domain);
        for (var i = Proto.OpsetImport.Count - 1; i >= 0; i--)
        {
            if (NormalizeDomain(Proto.OpsetImport[i].Domain) == wanted)
            {
                Proto.OpsetImport.RemoveAt(i);
            }
        }

        Proto.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
    }

    /// <summary>Adds a node at the end; passes restore order with <see cref="SortTopologically"/>.</summary>
    public NodeProto AddNode(NodeProto node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (string.IsNullOrEmpty(node.Name))
        {
            node.Name = UniqueName(node.OpType);
        }
        else
        {
            names.Add(node.Name);
        }

        foreach (var output in node.Output)
        {
            names.Add(output);
        }

        Nodes.Add(node);
        Invalidate();
        return node;
    }

    /// <summary>
    /// Removes this very node. (Protobuf messages compare by value, so collections of nodes must
    /// compare references: two nodes may be equal and still be different nodes.)
    /// </summary>
    public void RemoveNode(NodeProto node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var index = IndexOf(node);
        if (index >= 0)
        {
            Nodes.RemoveAt(index);
        }

        Invalidate();
    }

    /// <summary>True when this very node (not merely an equal one) is in the graph.</summary>
    public bool Contains(NodeProto node) => IndexOf(node) >= 0;

    public void AddInitializer(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        names.Add(tensor.Name);
        Graph.Initializer.Add(tensor);
        Invalidate();
    }

    /// <summary>Removes an initializer, and its entry among the graph inputs where old IR versions list it.</summary>
    public void RemoveInitializer(string name)
    {
        var tensor = Initializer(name);
        if (tensor is null)
        {
            return;
        }

        Graph.Initializer.Remove(tensor);
        var input = Graph.Input.FirstOrDefault(i => i.Name == name);
        if (input is not null)
        {
            Graph.Input.Remove(input);
        }

        Invalidate();
    }

    /// <summary>Removes initializers no node reads and no graph output names.</summary>
    public int RemoveUnusedInitializers()
    {
        var unused = Graph.Initializer.Where(t => Consumers(t.Name).Count == 0 && !IsGraphOutput(t.Name)).Select(t => t.Name).ToList();
        foreach (var name in unused)
        {
            RemoveInitializer(name);
        }

        return unused.Count;
    }

    /// <summary>Makes every reader of <paramref name="from"/> (chosen by <paramref name="filter"/>, all by default) read <paramref name="to"/> instead.</summary>
    public void RedirectConsumers(string from, string to, Func<NodeProto, bool>? filter = null)
    {
        foreach (var node in Consumers(from).ToList())
        {
            if (filter is null || filter(node))
            {
                SubgraphScope.RenameInput(node, from, to);
            }
        }

        Invalidate();
    }

    /// <summary>
    /// Renames a value everywhere: its producer's output, its readers, graph outputs and value_info.
    /// Used to keep a graph output's name when the node that made it is replaced.
    /// </summary>
    public void RenameValue(string from, string to)
    {
        if (Producer(from) is { } producer)
        {
            for (var i = 0; i < producer.Output.Count; i++)
            {
                if (producer.Output[i] == from)
                {
                    producer.Output[i] = to;
                }
            }
        }

        foreach (var node in Consumers(from).ToList())
        {
            SubgraphScope.RenameInput(node, from, to);
        }

        foreach (var info in Graph.Output.Concat(Graph.ValueInfo).Where(v => v.Name == from))
        {
            info.Name = to;
        }

        names.Add(to);
        Invalidate();
    }

    /// <summary>Orders nodes so every value is produced before it is read, keeping the original order where it already is.</summary>
    public void SortTopologically()
    {
        var sorted = TopologicalOrder.Sort(this);
        Nodes.Clear();
        Nodes.Add(sorted);
        Invalidate();
    }

    /// <summary>Declared value info (graph inputs, outputs, value_info) for <paramref name="name"/>, if any.</summary>
    public ValueInfoProto? DeclaredValueInfo(string name) =>
        Graph.Input.Concat(Graph.Output).Concat(Graph.ValueInfo).FirstOrDefault(v => v.Name == name);

    /// <summary>Call after editing node inputs or outputs directly, so the lookups are rebuilt.</summary>
    public void Invalidate()
    {
        producers = null;
        consumers = null;
        initializers = null;
    }

    private int IndexOf(NodeProto node)
    {
        for (var i = 0; i < Nodes.Count; i++)
        {
            if (ReferenceEquals(Nodes[i], node))
            {
                return i;
            }
        }

        return -1;
    }

    internal static string NormalizeDomain(string domain) => domain is "" or "ai.onnx" ? "" : domain;

    private Dictionary<string, NodeProto> Producers => producers ??= BuildProducers();

    private Dictionary<string, List<NodeProto>> ConsumerMap => consumers ??= BuildConsumers();

    private Dictionary<string, TensorProto> Initializers =>
        initializers ??= Graph.Initializer.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    private Dictionary<string, NodeProto> BuildProducers()
    {
        var map = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            foreach (var output in node.Output.Where(o => o.Length > 0))
            {
                map[output] = node;
            }
        }

        return map;
    }

    private Dictionary<string, List<NodeProto>> BuildConsumers()
    {
        var map = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            foreach (var input in SubgraphScope.AllInputs(node).Distinct(StringComparer.Ordinal))
            {
                if (!map.TryGetValue(input, out var list))
                {
                    map[input] = list = [];
                }

                list.Add(node);
            }
        }

        return map;
    }

    private void CollectNames()
    {
        foreach (var info in Graph.Input.Concat(Graph.Output).Concat(Graph.ValueInfo))
        {
            names.Add(info.Name);
        }

        foreach (var tensor in Graph.Initializer)
        {
            names.Add(tensor.Name);
        }

        foreach (var node in Nodes)
        {
            names.Add(node.Name);
            foreach (var value in node.Input.Concat(node.Output))
            {
                names.Add(value);
            }
        }
    }

    // Reports and exclusion lists refer to nodes by name, so every node needs one; exporters often
    // leave them empty. Names do not change what a model computes.
    private void NameUnnamedNodes()
    {
        for (var i = 0; i < Nodes.Count; i++)
        {
            if (string.IsNullOrEmpty(Nodes[i].Name))
            {
                Nodes[i].Name = UniqueName(Nodes[i].OpType + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
