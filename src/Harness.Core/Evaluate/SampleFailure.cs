namespace Harness.Evaluate;

/// <summary>A sample the model failed on (ONNX Runtime reported an error), counted and reported instead of ending the run.</summary>
public sealed record SampleFailure(string SampleId, string Message);
