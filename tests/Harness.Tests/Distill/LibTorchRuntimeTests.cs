using System.Text;
using Harness.Distill.Native;

namespace Harness.Tests.Distill;

/// <summary>
/// TorchSharp's native library on this system: which C++ runtime versions it lacks, the weak copy
/// made only when the marker version is missing, and a real load of libtorch. The two branches are
/// pinned with copies of this system's libstdc++ whose version names are rewritten in place.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class LibTorchRuntimeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("harness-libtorch-").FullName;

    private static string LibTorchSharp =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so") is var nested && File.Exists(nested)
            ? nested
            : Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");

    private static string SystemLibStdCxx => File.ReadLines("/proc/self/maps")
        .Select(line => line[(line.IndexOf('/', StringComparison.Ordinal) is var at and >= 0 ? at : line.Length)..])
        .First(path => path.Contains("libstdc++.so", StringComparison.Ordinal));

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_libstdcxx_with_the_marker_version_loads_the_library_as_shipped()
    {
        // A C++ runtime that defines GLIBCXX_3.4.32 (one of this system's unused names renamed to it, or this system's own where it has it).
        var newer = LibStdCxxWith(("GLIBCXX_3.4.28", "GLIBCXX_3.4.32"));

        var plan = LibTorchRuntime.Plan(LibTorchSharp, newer);

        Assert.Empty(plan.Missing);
        Assert.False(plan.NeedsWeakCopy);
    }

    [Fact]
    public void A_libstdcxx_without_the_marker_version_gets_a_weak_copy_that_changes_only_that_entry()
    {
        var older = LibStdCxxWith(("GLIBCXX_3.4.32", "GLIBCXX_9.9.99"));

        var plan = LibTorchRuntime.Plan(LibTorchSharp, older);
        var copy = LibTorchRuntime.WeakCopy(plan, folder);
        var written = File.GetLastWriteTimeUtc(copy);
        var again = LibTorchRuntime.WeakCopy(plan, folder);

        Assert.Equal(["GLIBCXX_3.4.32"], plan.Missing);
        Assert.Equal(copy, again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(again));
        var before = ElfSymbolVersions.Read(LibTorchSharp).Required;
        var after = ElfSymbolVersions.Read(copy).Required;
        Assert.Equal(before.Select(r => (r.File, r.Name, Weak: r.Weak || r.Name == "GLIBCXX_3.4.32")), after.Select(r => (r.File, r.Name, r.Weak)));
        Assert.False(before.Single(r => r.Name == "GLIBCXX_3.4.32").Weak);
        var original = File.ReadAllBytes(LibTorchSharp);
        var patched = File.ReadAllBytes(copy);
        Assert.Equal(original.Length, patched.Length);
        Assert.Single(Enumerable.Range(0, original.Length), i => original[i] != patched[i]);
    }

    [Fact]
    public void A_libstdcxx_missing_a_version_that_is_called_is_refused_with_what_to_install()
    {
        var ancient = LibStdCxxWith(("GLIBCXX_3.4.29", "GLIBCXX_0.0.00"));

        var error = Assert.Throws<NativeLibraryException>(() => LibTorchRuntime.Plan(LibTorchSharp, ancient));

        Assert.Contains("GLIBCXX_3.4.29", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer libstdc++6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_elf_is_named_in_the_error()
    {
        var path = Path.Combine(folder, "not-a-library.so");
        File.WriteAllText(path, "just text, long enough to hold an ELF header's worth of bytes and then some more");

        var error = Assert.Throws<NativeLibraryException>(() => ElfSymbolVersions.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Libtorch_loads_on_this_system_and_computes()
    {
        var lines = new List<string>();
        LibTorchRuntime.EnsureLoaded(DistillFixtures.Cache, lines.Add);

        using var sum = TorchSharp.torch.tensor(new float[] { 1, 2, 3 }).sum();

        Assert.Equal(6f, sum.item<float>());
        Assert.True(lines.Count <= 1);
    }

    /// <summary>A copy of this system's libstdc++ with version names rewritten (same length, so every offset stays valid).</summary>
    private string LibStdCxxWith(params (string From, string To)[] renames)
    {
        var bytes = File.ReadAllBytes(SystemLibStdCxx);
        foreach (var (from, to) in renames)
        {
            var pattern = Encoding.ASCII.GetBytes(from + "\0");
            var replacement = Encoding.ASCII.GetBytes(to + "\0");
            for (var at = bytes.AsSpan().IndexOf(pattern); at >= 0;)
            {
                replacement.CopyTo(bytes, at);
                var next = bytes.AsSpan(at + 1).IndexOf(pattern);
                at = next < 0 ? -1 : at + 1 + next;
            }
        }

        var path = Path.Combine(folder, $"libstdc++-{renames.Length}-{Guid.NewGuid():N}.so.6");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
