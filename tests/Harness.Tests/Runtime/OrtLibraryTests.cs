using System.Diagnostics;
using Harness.Execute;
using Harness.Tests.Verify;
using Harness.Onnx.Runtime;

namespace Harness.Tests.Runtime;

public sealed class OrtLibraryTests
{
    [Fact]
    public void Loads_the_pinned_version()
    {
        var library = OrtTestContext.Library;

        Assert.Equal("1.30.0", library.Version);
        Assert.True(File.Exists(library.LibraryPath), library.LibraryPath);
    }

    [Fact]
    public void Caches_one_instance_per_path()
    {
        var library = OrtLibrary.Shared;

        Assert.Same(library, OrtLibrary.Load());
        Assert.Same(library, OrtLibrary.Load(library.LibraryPath));
    }

    [Fact]
    public void Lists_the_cpu_provider()
    {
        Assert.Contains("CPUExecutionProvider", OrtTestContext.Library.GetAvailableProviders());
    }

    [Fact]
    public void A_missing_path_lists_what_was_tried_and_how_to_fix_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), "harness-no-such-dir", "libonnxruntime.so.1");

        var e = Assert.Throws<OrtLibraryNotFoundException>(() => OrtLibrary.Load(missing));

        Assert.Single(e.Attempts);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", e.Message, StringComparison.Ordinal);
        Assert.Contains("run.sh", e.Message, StringComparison.Ordinal);
        Assert.Contains("HARNESS_ORT_LIB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_library_is_reported_with_the_loader_error()
    {
        var dir = TestAssets.NewScratchDirectory("ort-lib");
        var fake = Path.Combine(dir, "libonnxruntime.so.1");
        File.WriteAllText(fake, "not a shared library");

        var e = Assert.Throws<OrtLibraryNotFoundException>(() => OrtLibrary.Load(fake));

        Assert.Contains(fake, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no such file", e.Attempts[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_the_cpu_library_from_the_NuGet_package_unless_HARNESS_ORT_LIB_names_another()
    {
        var library = OrtTestContext.Library;
        var named = Environment.GetEnvironmentVariable("HARNESS_ORT_LIB");

        if (string.IsNullOrEmpty(named))
        {
            // The package's natives sit in this build's runtimes/<rid>/native folder.
            Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "runtimes"), library.LibraryPath, StringComparison.Ordinal);
            Assert.EndsWith(Path.Combine("native", "libonnxruntime.so"), library.LibraryPath, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(Path.GetFullPath(named), library.LibraryPath);
        }

        Assert.Equal(OrtNativeBuild.Cpu, library.Build);
    }

    [Fact]
    public void HARNESS_ORT_LIB_is_the_only_library_a_process_tries_when_set()
    {
        // A process binds ONNX Runtime once, so each choice is a harness process of its own.
        var scratch = TestAssets.NewScratchDirectory("ort-lib-env");
        var folder = ReluMatMulModel.WriteFolder(Path.Combine(scratch, "model"), ReluMatMulModel.Set(1, 1));
        var copy = Path.Combine(scratch, "own-build", "libonnxruntime.so");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(OrtTestContext.Library.LibraryPath, copy);
        var missing = Path.Combine(scratch, "no-such-build", "libonnxruntime.so");

        var withCopy = RunHarness(copy, "verify", folder);
        var withMissing = RunHarness(missing, "verify", folder);

        Assert.True(withCopy.ExitCode == 0, withCopy.Error);
        Assert.Equal(2, withMissing.ExitCode);
        Assert.Contains($"{missing} (HARNESS_ORT_LIB): no such file", withMissing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(NuGet Microsoft.ML.OnnxRuntime)", withMissing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cuda_build_is_looked_for_only_where_setup_cuda_puts_it()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HARNESS_ORT_LIB"))
            || File.Exists(Path.Combine(TestAssets.Home, OrtLibrary.CudaFolder, "libonnxruntime.so")))
        {
            return; // the failure path only: HARNESS_ORT_LIB would answer for every build, and an installed CUDA build would load
        }

        var e = Assert.Throws<OrtLibraryNotFoundException>(() => OrtLibrary.Load(build: OrtNativeBuild.Cuda));

        Assert.Contains(Path.Combine(TestAssets.Home, OrtLibrary.CudaFolder, "libonnxruntime.so"), Assert.Single(e.Attempts), StringComparison.Ordinal);
        Assert.Contains("./run.sh setup-cuda", e.Message, StringComparison.Ordinal);
        Assert.Same(OrtTestContext.Library, OrtLibrary.Shared);
    }

    private static (int ExitCode, string Error) RunHarness(string ortLibrary, params string[] arguments)
    {
        var start = WorkerCommand.StartInfo();
        start.ArgumentList.RemoveAt(start.ArgumentList.Count - 1); // "worker"
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardInput = false;
        start.Environment["HARNESS_ORT_LIB"] = ortLibrary;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }
}
