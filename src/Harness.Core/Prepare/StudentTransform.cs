using Harness.Onnx.Model;
using Harness.Optimize.Variants;
using Harness.Plan;

namespace Harness.Prepare;

/// <summary>
/// What every <c>kind: distilled</c> variant shares, whoever trains the student (Harness, or the
/// user's own program): the model is the teacher and the variant a new graph made from its
/// outputs, so there are no subgraphs to enter and no teacher nodes to leave out; its report
/// lists the student's nodes.
/// </summary>
public abstract class StudentTransform(DistillationRequest request) : IVariantTransform
{
    public string Kind => "distilled";

    public int Version => 1;

    /// <summary>A student is a new graph of its own making, with no subgraphs to enter.</summary>
    public IVariantTransform? ForSubgraphs => null;

    /// <summary>Where training tells its steps (the worker reports each as its phase).</summary>
    public Action<string>? Progress { get; set; }

    public abstract string Spec { get; }

    protected DistillationRequest Request { get; } = request;

    /// <summary>The teacher's nodes are not in the student: there is nothing to leave out.</summary>
    public IVariantTransform ExcludingNodes(IReadOnlyCollection<string> nodes) => this;

    public abstract VariantResult Apply(OnnxModel source);

    protected VariantResult Result(OnnxModel student, List<string> notes) =>
        new(student, new VariantReport(Kind, [.. student.Graph.Node.Select(n => new NodeDecision(n.Name, n.OpType, true, "student layer"))], notes));
}
