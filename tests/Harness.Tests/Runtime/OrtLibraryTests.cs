using System.Reflection;
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
    public void Every_bound_table_entry_exists_in_the_loaded_library()
    {
        // A sanity net under the functional tests, which check that each index is the right function.
        var api = OrtTestContext.Library.Api;
        var indices = typeof(OrtApi).GetFields(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int) && f.Name != nameof(OrtApi.OnnxTypeTensor))
            .Select(f => (f.Name, Index: (int)f.GetRawConstantValue()!))
            .ToArray();

        Assert.NotEmpty(indices);
        Assert.All(indices, entry => Assert.True(api[entry.Index] != 0, $"{entry.Name} ({entry.Index}) is null"));
        Assert.Equal(indices.Length, indices.Select(e => e.Index).Distinct().Count());
    }
}
