using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace Harness.Distill.Native;

/// <summary>What loading TorchSharp's native library needs on this system.</summary>
/// <param name="LibTorchSharp">TorchSharp's native library as the build placed it.</param>
/// <param name="LibStdCxx">The C++ runtime this process uses.</param>
/// <param name="Missing">Versions the library requires that the C++ runtime lacks (none on a new enough system).</param>
public sealed record LibTorchLoadPlan(string LibTorchSharp, string LibStdCxx, IReadOnlyList<string> Missing)
{
    public bool NeedsWeakCopy => Missing.Count > 0;
}

/// <summary>
/// Loads TorchSharp's native library before anything in TorchSharp does. TorchSharp 0.107's
/// libLibTorchSharp.so is built with GCC 13, whose &lt;iostream&gt; references the marker symbol
/// <c>_ZSt21ios_base_library_initv</c> at version GLIBCXX_3.4.32; Debian 12's libstdc++ stops at
/// 3.4.30, so the loader refuses the library although the marker is never called. Where the C++
/// runtime lacks that version (and only then), a copy with the requirement marked weak is kept in
/// the cache and loaded in its place; on newer systems the library loads as shipped.
/// </summary>
public static class LibTorchRuntime
{
    /// <summary>The versions a copy may mark weak: only the marker's, which nothing calls.</summary>
    public static IReadOnlyList<string> MarkerVersions { get; } = ["GLIBCXX_3.4.32"];

    private const string LibraryName = "LibTorchSharp";
    private const string LibraryFile = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static bool loaded;

    /// <summary>
    /// Makes TorchSharp usable in this process (once; later calls return at once), with
    /// <paramref name="threads"/> intra-op threads. <paramref name="say"/> gets the one line that
    /// tells the user a weak copy is used.
    /// </summary>
    /// <param name="cacheFolder">Where the weak copy is kept ($HARNESS_HOME).</param>
    public static void EnsureLoaded(string cacheFolder, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(say);
        lock (Gate)
        {
            if (loaded)
            {
                return;
            }

            if (!OperatingSystem.IsLinux())
            {
                loaded = true;
                return;
            }

            var plan = Plan(FindLibTorchSharp(), FindLibStdCxx());
            if (plan.NeedsWeakCopy)
            {
                var copy = WeakCopy(plan, cacheFolder);
                say($"libstdc++ at {plan.LibStdCxx} lacks {string.Join(", ", plan.Missing)}; using a copy of {LibraryFile} with that requirement marked weak (its one symbol is an unused marker): {copy}");
                LoadInPlaceOf(plan.LibTorchSharp, copy);
            }

            try
            {
                // The first call into TorchSharp loads libtorch; a failure here is the system's, not a bug.
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
            {
                throw new NativeLibraryException(
                    $"libtorch could not be loaded from {Path.GetDirectoryName(plan.LibTorchSharp)} ({e.GetBaseException().Message}). Rebuild (./run.sh restores TorchSharp-cpu from NuGet) or check that the folder holds libtorch.so.", e);
            }

            loaded = true;
        }
    }

    /// <summary>Which required versions of <paramref name="libTorchSharp"/> the C++ runtime at <paramref name="libStdCxx"/> does not define.</summary>
    public static LibTorchLoadPlan Plan(string libTorchSharp, string libStdCxx)
    {
        var defined = ElfSymbolVersions.Read(libStdCxx).Defined.ToHashSet(StringComparer.Ordinal);
        var missing = ElfSymbolVersions.Read(libTorchSharp).Required
            .Where(r => !r.Weak && r.File.StartsWith("libstdc++", StringComparison.Ordinal) && !defined.Contains(r.Name))
            .Select(r => r.Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (missing.Except(MarkerVersions, StringComparer.Ordinal).ToList() is { Count: > 0 } unsafeToSkip)
        {
            throw new NativeLibraryException(
                $"{libTorchSharp} needs {string.Join(", ", unsafeToSkip)} of libstdc++, which {libStdCxx} lacks. Install a newer libstdc++6 (GCC 13 or later).");
        }

        return new LibTorchLoadPlan(libTorchSharp, libStdCxx, missing);
    }

    /// <summary>The weak copy for <paramref name="plan"/>, written once per library build (its folder is named by the original's hash).</summary>
    public static string WeakCopy(LibTorchLoadPlan plan, string cacheFolder)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var stream = File.OpenRead(plan.LibTorchSharp);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        var folder = Path.Combine(cacheFolder, "native", "libtorchsharp-" + hash);
        var copy = Path.Combine(folder, LibraryFile);
        if (!File.Exists(copy))
        {
            Directory.CreateDirectory(folder);
            ElfSymbolVersions.WriteWithWeakRequirements(plan.LibTorchSharp, copy, plan.Missing);
        }

        return copy;
    }

    /// <summary>
    /// Loads the copy and answers TorchSharp's requests for its native library with it. libtorch is
    /// loaded first from the original's folder: the copy's own search path ($ORIGIN) no longer points there.
    /// </summary>
    private static void LoadInPlaceOf(string original, string copy)
    {
        var folder = Path.GetDirectoryName(original)!;
        try
        {
            NativeLibrary.Load(Path.Combine(folder, "libtorch.so"));
            var handle = NativeLibrary.Load(copy);
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, (name, _, _) => name == LibraryName ? handle : IntPtr.Zero);
        }
        catch (DllNotFoundException e)
        {
            throw new NativeLibraryException($"libtorch could not be loaded from {folder} ({e.Message}). Rebuild (./run.sh restores TorchSharp-cpu from NuGet).", e);
        }
    }

    /// <summary>TorchSharp's native library where the build put it: beside the assemblies or under runtimes/linux-x64/native.</summary>
    private static string FindLibTorchSharp()
    {
        var roots = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory };
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        return roots.SelectMany(r => new[] { Path.Combine(r, LibraryFile), Path.Combine(r, "runtimes", rid, "native", LibraryFile) })
            .FirstOrDefault(File.Exists)
            ?? throw new NativeLibraryException(
                $"{LibraryFile} is not in {roots[0]} or its runtimes/{rid}/native folder: TorchSharp publishes libtorch for linux-x64 only. Rebuild on linux-x64 (./run.sh restores TorchSharp-cpu from NuGet).");
    }

    /// <summary>The libstdc++ this process has mapped (the .NET runtime itself links it), as /proc/self/maps names it.</summary>
    private static string FindLibStdCxx()
    {
        static string? Mapped() => File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var at and >= 0 ? line[at..] : null)
            .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal));

        if (Mapped() is { } path)
        {
            return path;
        }

        NativeLibrary.Load("libstdc++.so.6", Assembly.GetExecutingAssembly(), DllImportSearchPath.SafeDirectories);
        return Mapped() ?? throw new NativeLibraryException("libstdc++.so.6 is not installed; libtorch needs it (Debian: apt-get install libstdc++6).");
    }
}
