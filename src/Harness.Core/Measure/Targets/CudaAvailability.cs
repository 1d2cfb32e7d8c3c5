using System.Runtime.InteropServices;
using Harness.Onnx.Runtime;

namespace Harness.Measure.Targets;

/// <summary>
/// Whether this machine can run the CUDA execution provider, and if not, the first thing missing
/// and how to get it: ONNX Runtime's CUDA build, the CUDA 13 and cuDNN 9 libraries it links
/// against, the NVIDIA driver and a GPU. Checked before a CUDA job loads anything, so a machine
/// without a GPU gets one clear line per job instead of a native loader error.
/// </summary>
public static class CudaAvailability
{
    /// <summary>The libraries ONNX Runtime 1.30's CUDA provider loads (CUDA 13, cuDNN 9).</summary>
    public static IReadOnlyList<string> CudaLibraries { get; } =
        ["libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"];

    /// <summary>Null when everything is there; otherwise why not, and the way out.</summary>
    /// <param name="harnessHome">Where <c>./run.sh setup-cuda</c> installs ONNX Runtime's CUDA build.</param>
    public static string? Check(string harnessHome)
    {
        var build = Path.Combine(harnessHome, OrtLibrary.CudaFolder);
        var ortLibrary = Environment.GetEnvironmentVariable("HARNESS_ORT_LIB") is { Length: > 0 } own
            ? Path.GetDirectoryName(Path.GetFullPath(own))!
            : build;
        var provider = Path.Combine(ortLibrary, "libonnxruntime_providers_cuda.so");
        if (!File.Exists(provider))
        {
            return $"ONNX Runtime's CUDA build is not installed ({provider} is missing); run ./run.sh setup-cuda, which fetches Microsoft.ML.OnnxRuntime.Gpu.Linux {OrtLibrary.PinnedVersion} from NuGet";
        }

        var missing = CudaLibraries.Where(library => !CanLoad(library)).ToList();
        if (missing.Count > 0)
        {
            return $"the CUDA 13 and cuDNN 9 libraries the CUDA provider needs are not found: {string.Join(", ", missing)}; install CUDA 13 and cuDNN 9, or add their folder to LD_LIBRARY_PATH";
        }

        return DriverProblem();
    }

    /// <summary>Null when the NVIDIA driver and a GPU are there (all that code compiled by ILGPU needs); otherwise which is missing.</summary>
    public static string? DriverProblem()
    {
        if (!CanLoad("libcuda.so.1"))
        {
            return "no NVIDIA driver on this machine (libcuda.so.1 is not found)";
        }

        return File.Exists("/dev/nvidia0") || Directory.Exists("/proc/driver/nvidia/gpus")
            ? null
            : "no NVIDIA GPU on this machine (no /dev/nvidia0)";
    }

    private static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
