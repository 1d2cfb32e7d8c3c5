namespace Harness.Onnx.Runtime;

/// <summary>
/// Which ONNX Runtime native build a process runs. The CPU build ships with every Harness build
/// (NuGet <c>Microsoft.ML.OnnxRuntime</c>); the CUDA build (NuGet <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c>,
/// about 300 MB) is installed only on request, by <c>./run.sh setup-cuda</c>, and only a process
/// that asks for it loads it.
/// </summary>
public enum OrtNativeBuild
{
    Cpu,
    Cuda,
}
