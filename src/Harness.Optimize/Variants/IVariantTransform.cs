using Harness.Onnx.Model;

namespace Harness.Optimize.Variants;

/// <summary>A model made by a transform, with the account of what it did.</summary>
public sealed record VariantResult(OnnxModel Model, VariantReport Report);

/// <summary>
/// One way of making a variant of a model (dynamic int8, static int8 QDQ, fp16). A variant is a pure
/// function of the source model's bytes and <see cref="Spec"/>, so (bytes, spec, version) is its
/// cache key; a transform whose output changes for the same inputs must raise <see cref="Version"/>.
/// </summary>
public interface IVariantTransform
{
    /// <summary>Short kind name, e.g. "int8-static-qdq".</summary>
    string Kind { get; }

    /// <summary>Bumped whenever the transform's output for the same inputs changes.</summary>
    int Version { get; }

    /// <summary>Every option that shapes the output, as canonical JSON (sorted keys, no whitespace).</summary>
    string Spec { get; }

    VariantResult Apply(OnnxModel source);

    /// <summary>
    /// The form of this transform that rewrites an If branch or a Loop/Scan body on its own: the
    /// body's inputs and outputs keep their types, since the enclosing graph reads them as they are.
    /// Null where the transform cannot work inside a body (static calibration observes only values
    /// the main graph can expose).
    /// </summary>
    IVariantTransform? ForSubgraphs { get; }

    /// <summary>The same transform leaving these nodes (by name) as they are, besides those it already leaves.</summary>
    IVariantTransform ExcludingNodes(IReadOnlyCollection<string> nodes);
}
