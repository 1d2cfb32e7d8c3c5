namespace Harness.Onnx.Cost;

/// <summary>
/// The work one inference of a model does at given input shapes, counted from its graph.
/// Operations count a multiply-accumulate as two (the convention peak FLOP/s use); integer
/// operations (ConvInteger, QLinearConv, MatMulInteger) are kept apart from floating-point ones,
/// because a CPU's int8 peak differs from its fp32 peak. Bytes are each counted node's inputs
/// and outputs, read and written once: the traffic of a runtime that keeps nothing in cache
/// between nodes, an upper bound on what a fusing runtime moves.
/// </summary>
/// <param name="FloatOperations">Floating-point operations (Conv, Gemm, MatMul, MatMulNBits, elementwise).</param>
/// <param name="IntegerOperations">Integer multiply-accumulates, two operations each (ConvInteger, QLinearConv, MatMulInteger).</param>
/// <param name="Bytes">Bytes read and written by the counted nodes.</param>
/// <param name="CountedNodes">Nodes whose cost is in the totals.</param>
/// <param name="NotCounted">Op types left out, with how many nodes and why (no cost rule, or shapes unknown).</param>
public sealed record ModelCost(
    double FloatOperations,
    double IntegerOperations,
    double Bytes,
    int CountedNodes,
    IReadOnlyList<UncountedOps> NotCounted)
{
    public double Operations => FloatOperations + IntegerOperations;

    /// <summary>Operations per byte moved: where the model sits on the roofline's x axis.</summary>
    public double ArithmeticIntensity => Bytes > 0 ? Operations / Bytes : 0;
}

/// <param name="Reason">
/// <see cref="UncountedOps.NoCostRule"/>: moves or reshapes data (Reshape, Transpose, Concat…) or
/// is not modelled; <see cref="UncountedOps.ShapeUnknown"/>: an input's shape could not be
/// inferred (an op shape inference does not cover fed it).
/// </param>
public sealed record UncountedOps(string OpType, int Nodes, string Reason)
{
    public const string NoCostRule = "no cost rule";
    public const string ShapeUnknown = "shape unknown";
}
