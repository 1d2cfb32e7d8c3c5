using System.Runtime.InteropServices;

namespace Harness.Onnx.Runtime;

/// <summary>
/// A loaded ONNX Runtime shared library and its API table. Libraries are never unloaded: native
/// objects from it may live until the process ends, so one instance per path is cached for good.
/// </summary>
public sealed unsafe class OrtLibrary
{
    /// <summary>The ONNX Runtime version <c>./run.sh</c> installs.</summary>
    public const string PinnedVersion = "1.30.0";

    private static readonly Lock CacheLock = new();
    private static readonly Dictionary<string, OrtLibrary> ByPath = new(StringComparer.Ordinal);
    private static OrtLibrary? _default;

    private readonly Lazy<MemoryInfoHandle> _cpuMemoryInfo;

    private OrtLibrary(string path, OrtApi api, string version)
    {
        LibraryPath = path;
        Api = api;
        Version = version;
        _cpuMemoryInfo = new Lazy<MemoryInfoHandle>(CreateCpuMemoryInfo);
    }

    /// <summary>The library <see cref="Load"/> finds with no explicit path, loaded on first use.</summary>
    public static OrtLibrary Shared => Load();

    /// <summary>The path or name the library was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>ORT's own version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    internal OrtApi Api { get; }

    /// <summary>CPU memory description for tensors over caller memory and CPU-bound outputs.</summary>
    internal MemoryInfoHandle CpuMemoryInfo => _cpuMemoryInfo.Value;

    /// <summary>
    /// Loads ONNX Runtime. With <paramref name="explicitPath"/>, only that file is tried. Otherwise:
    /// <c>HARNESS_ORT_LIB</c> if set (only it: a set variable is a deliberate choice, and silently
    /// using another build would measure the wrong thing), else
    /// <c>$HARNESS_HOME/onnxruntime/1.30.0/libonnxruntime.so.1</c>, then the system's
    /// <c>libonnxruntime.so.1</c> / <c>onnxruntime</c>.
    /// </summary>
    /// <exception cref="OrtLibraryNotFoundException">Nothing loadable was found; lists each attempt.</exception>
    public static OrtLibrary Load(string? explicitPath = null)
    {
        lock (CacheLock)
        {
            if (explicitPath is null && _default is not null)
            {
                return _default;
            }

            var attempts = new List<string>();
            foreach (var candidate in Candidates(explicitPath))
            {
                var key = candidate.IsFile ? Path.GetFullPath(candidate.Path) : candidate.Path;
                if (!ByPath.TryGetValue(key, out var library))
                {
                    library = TryOpen(candidate, key, attempts);
                    if (library is null)
                    {
                        continue;
                    }

                    ByPath[key] = library;
                }

                if (explicitPath is null)
                {
                    _default = library;
                }

                return library;
            }

            throw new OrtLibraryNotFoundException(attempts);
        }
    }

    /// <summary>Names of the execution providers this build contains (not necessarily usable here).</summary>
    public IReadOnlyList<string> GetAvailableProviders()
    {
        byte** names;
        int count;
        Api.AvailableProviders(&names, &count);
        try
        {
            var result = new string[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
            }

            return result;
        }
        finally
        {
            Api.FreeAvailableProviders(names, count);
        }
    }

    public OrtEnvironment CreateEnvironment(string logId = "harness", OrtLoggingLevel level = OrtLoggingLevel.Warning) =>
        new(this, logId, level);

    public override string ToString() => $"ONNX Runtime {Version} ({LibraryPath})";

    private readonly record struct Candidate(string Path, bool IsFile);

    private static IEnumerable<Candidate> Candidates(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            yield return new Candidate(explicitPath, IsFile: true);
            yield break;
        }

        if (Environment.GetEnvironmentVariable("HARNESS_ORT_LIB") is { Length: > 0 } fromEnvironment)
        {
            yield return new Candidate(fromEnvironment, IsFile: true);
            yield break;
        }

        yield return new Candidate(Path.Combine(HarnessHome(), "onnxruntime", PinnedVersion, "libonnxruntime.so.1"), IsFile: true);
        yield return new Candidate("libonnxruntime.so.1", IsFile: false);
        yield return new Candidate("onnxruntime", IsFile: false);
    }

    private static string HarnessHome() =>
        Environment.GetEnvironmentVariable("HARNESS_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "harness");

    private static OrtLibrary? TryOpen(Candidate candidate, string key, List<string> attempts)
    {
        var shown = candidate.IsFile ? key : candidate.Path + " (system library search)";
        if (candidate.IsFile && !File.Exists(key))
        {
            attempts.Add(shown + ": no such file");
            return null;
        }

        nint module;
        try
        {
            module = NativeLibrary.Load(candidate.IsFile ? key : candidate.Path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            attempts.Add(shown + ": " + e.Message);
            return null;
        }

        if (!NativeLibrary.TryGetExport(module, "OrtGetApiBase", out var getApiBase))
        {
            attempts.Add(shown + ": not an ONNX Runtime library (no OrtGetApiBase export)");
            NativeLibrary.Free(module);
            return null;
        }

        // OrtApiBase is { GetApi(uint32), GetVersionString() }.
        var apiBase = ((delegate* unmanaged[Cdecl]<nint*>)getApiBase)();
        var version = Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<nint>)apiBase[1])()) ?? "unknown";
        var table = ((delegate* unmanaged[Cdecl]<uint, nint>)apiBase[0])(OrtApi.Version);
        if (table == 0)
        {
            attempts.Add($"{shown}: ONNX Runtime {version} does not serve C API version {OrtApi.Version}");
            NativeLibrary.Free(module);
            return null;
        }

        return new OrtLibrary(key, new OrtApi(table), version);
    }

    private MemoryInfoHandle CreateCpuMemoryInfo()
    {
        // OrtArenaAllocator (1) / OrtMemTypeDefault (0): the description ORT's own CPU tensors carry.
        var info = new MemoryInfoHandle(Api);
        info.Attach(Api.NewCpuMemoryInfo(allocatorType: 1, memType: 0));
        return info;
    }
}
