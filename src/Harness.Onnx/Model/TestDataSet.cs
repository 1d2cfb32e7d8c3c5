namespace Harness.Onnx.Model;

/// <summary>
/// One <c>test_data_set_N</c> folder: the inputs to feed, in file order, and the outputs a correct
/// run produces. Every tensor carries the graph name it belongs to, resolved from the file or from
/// its position.
/// </summary>
public sealed record TestDataSet(string Name, IReadOnlyList<TensorValue> Inputs, IReadOnlyList<TensorValue> ExpectedOutputs);
