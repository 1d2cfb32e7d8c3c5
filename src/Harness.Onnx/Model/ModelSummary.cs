namespace Harness.Onnx.Model;

/// <summary>
/// What <c>harness inspect</c> reports about a model. Property order is the JSON order, so keep it
/// stable: scripts and baselines read this output. Parameters are the elements of initializers and
/// Constant-node tensors; parameters, nodes and op types count the main graph and every subgraph
/// (If branches, Loop and Scan bodies), whose number is <see cref="SubgraphCount"/>.
/// </summary>
public sealed record ModelSummary(
    string Path,
    long FileBytes,
    long IrVersion,
    string ProducerName,
    string ProducerVersion,
    IReadOnlyList<OpsetImport> Opsets,
    IReadOnlyList<TensorSignature> Inputs,
    IReadOnlyList<TensorSignature> Outputs,
    long ParameterCount,
    long ParameterBytes,
    int NodeCount,
    IReadOnlyList<OpTypeCount> OpTypes)
{
    /// <summary>Graphs nested in nodes (If, Loop, Scan), at any depth; 0 for a flat model.</summary>
    public int SubgraphCount { get; init; }

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, ModelSummaryJsonContext.Default.ModelSummary);
}

/// <summary>An imported operator set; the default ONNX domain is written "ai.onnx".</summary>
public sealed record OpsetImport(string Domain, long Version);

/// <summary>
/// A graph input or output as declared: element type by its display name ("float32"), and shape,
/// or null when the model declares no shape at all (rank unknown).
/// </summary>
public sealed record TensorSignature(string Name, string ElementType, IReadOnlyList<Dimension>? Shape)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string ShapeText => Shape is null ? "(unknown rank)" : "[" + string.Join(", ", Shape) + "]";
}

/// <summary>How many nodes of one op type the main graph has; ops outside the default domain are "domain:OpType".</summary>
public sealed record OpTypeCount(string OpType, int Count);
