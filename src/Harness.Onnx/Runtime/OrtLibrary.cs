using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Harness.Onnx.Runtime;

/// <summary>
/// The ONNX Runtime native library behind the official .NET API (Microsoft.ML.OnnxRuntime.Managed),
/// which imports it by the name "onnxruntime". A process binds that name once, so the first
/// <see cref="Load"/> chooses the library for the whole process; every wrapper here loads through
/// it before its first call into ONNX Runtime, so that choice is always Harness's.
/// </summary>
public sealed class OrtLibrary
{
    /// <summary>The ONNX Runtime version of the NuGet packages this build references.</summary>
    public const string PinnedVersion = "1.30.0";

    /// <summary>Where <c>./run.sh setup-cuda</c> puts the CUDA build's natives, under <c>$HARNESS_HOME</c>.</summary>
    public static readonly string CudaFolder = Path.Combine("onnxruntime-gpu", PinnedVersion);

    private const string ImportName = "onnxruntime";
    private const string FileName = "libonnxruntime.so";

    private static readonly Lock LoadLock = new();
    private static OrtLibrary? _loaded;

    // Set once the .NET API has bound a library it could not use: its types stay broken for good.
    private static OrtLibraryNotFoundException? _unusable;

    private OrtLibrary(string path, OrtNativeBuild build, string version)
    {
        LibraryPath = path;
        Build = build;
        Version = version;
    }

    /// <summary>The library <see cref="Load"/> chooses with no arguments, loaded on first use.</summary>
    public static OrtLibrary Shared => Load();

    /// <summary>The file the library was loaded from (or its name, when the system's search found it).</summary>
    public string LibraryPath { get; }

    /// <summary>Which native build was asked for; a library named by <c>HARNESS_ORT_LIB</c> counts as what was asked.</summary>
    public OrtNativeBuild Build { get; }

    /// <summary>ORT's own version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>
    /// Loads ONNX Runtime for this process. With <paramref name="explicitPath"/>, only that file is
    /// tried. Otherwise <c>HARNESS_ORT_LIB</c> if set (only it: a set variable is a deliberate choice,
    /// and silently using another build would measure the wrong thing); else, for
    /// <see cref="OrtNativeBuild.Cpu"/>, the CPU library the <c>Microsoft.ML.OnnxRuntime</c> package put
    /// beside this build (then the system's <c>libonnxruntime.so</c>); for <see cref="OrtNativeBuild.Cuda"/>,
    /// the GPU package's library under <c>$HARNESS_HOME/onnxruntime-gpu/1.30.0</c>.
    /// </summary>
    /// <exception cref="OrtLibraryNotFoundException">Nothing usable was found; lists each attempt.</exception>
    /// <exception cref="InvalidOperationException">This process already runs another ONNX Runtime library.</exception>
    public static OrtLibrary Load(string? explicitPath = null, OrtNativeBuild build = OrtNativeBuild.Cpu)
    {
        lock (LoadLock)
        {
            if (_unusable is not null)
            {
                throw _unusable;
            }

            if (explicitPath is null && _loaded is not null && (_loaded.Build == build || FromEnvironment() is not null))
            {
                return _loaded;
            }

            var attempts = new List<string>();
            foreach (var candidate in Candidates(explicitPath, build))
            {
                if (_loaded is not null && candidate.IsFile && _loaded.LibraryPath == Path.GetFullPath(candidate.Path))
                {
                    return _loaded;
                }

                var module = TryOpen(candidate, attempts);
                if (module == 0)
                {
                    continue;
                }

                if (_loaded is not null)
                {
                    NativeLibrary.Free(module);
                    throw new InvalidOperationException(
                        $"This process already runs {_loaded}; ONNX Runtime binds one native library per process, so {candidate.Shown} needs a process of its own.");
                }

                _loaded = Bind(module, candidate, build);
                return _loaded;
            }

            throw new OrtLibraryNotFoundException(attempts, build);
        }
    }

    /// <summary>Names of the execution providers this build contains (not necessarily usable here).</summary>
    public IReadOnlyList<string> GetAvailableProviders() => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>Sets ORT's log level for this process (ORT has one logger per process) and returns a handle on it.</summary>
    public OrtEnvironment CreateEnvironment(string logId = "harness", OrtLoggingLevel level = OrtLoggingLevel.Warning) =>
        new(this, logId, level);

    public override string ToString() => $"ONNX Runtime {Version} ({LibraryPath})";

    private readonly record struct Candidate(string Path, bool IsFile, string Shown);

    private static string? FromEnvironment() =>
        Environment.GetEnvironmentVariable("HARNESS_ORT_LIB") is { Length: > 0 } path ? path : null;

    private static IEnumerable<Candidate> Candidates(string? explicitPath, OrtNativeBuild build)
    {
        if ((explicitPath ?? FromEnvironment()) is { } chosen)
        {
            var full = System.IO.Path.GetFullPath(chosen);
            yield return new Candidate(full, IsFile: true, explicitPath is null ? $"{full} (HARNESS_ORT_LIB)" : full);
            yield break;
        }

        if (build == OrtNativeBuild.Cuda)
        {
            var cuda = System.IO.Path.Combine(HarnessHome(), CudaFolder, FileName);
            yield return new Candidate(cuda, IsFile: true, $"{cuda} (the CUDA build, installed by ./run.sh setup-cuda)");
            yield break;
        }

        // The host lists the folders of every native asset in this build's deps.json; the CPU
        // package's library for this platform is in one of them.
        var searched = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var packaged = searched.Select(folder => System.IO.Path.Combine(folder, FileName)).FirstOrDefault(File.Exists);
        yield return packaged is not null
            ? new Candidate(System.IO.Path.GetFullPath(packaged), IsFile: true, $"{System.IO.Path.GetFullPath(packaged)} (NuGet Microsoft.ML.OnnxRuntime)")
            : new Candidate(FileName, IsFile: false, $"NuGet Microsoft.ML.OnnxRuntime's {FileName}: in none of this build's native folders ({string.Join(", ", searched)})");
        yield return new Candidate(FileName, IsFile: false, FileName + " (system library search)");
    }

    private static string HarnessHome() =>
        Environment.GetEnvironmentVariable("HARNESS_HOME") is { Length: > 0 } home
            ? home
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "harness");

    private static nint TryOpen(Candidate candidate, List<string> attempts)
    {
        if (candidate.IsFile && !File.Exists(candidate.Path))
        {
            attempts.Add(candidate.Shown + ": no such file");
            return 0;
        }

        if (!NativeLibrary.TryLoad(candidate.Path, out var module))
        {
            try
            {
                // TryLoad keeps the loader's reason to itself; Load puts it in its exception.
                NativeLibrary.Free(NativeLibrary.Load(candidate.Path));
                attempts.Add(candidate.Shown + ": could not be loaded");
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                attempts.Add(candidate.Shown + ": " + e.Message);
            }

            return 0;
        }

        if (!NativeLibrary.TryGetExport(module, "OrtGetApiBase", out _))
        {
            attempts.Add(candidate.Shown + ": not an ONNX Runtime library (no OrtGetApiBase export)");
            NativeLibrary.Free(module);
            return 0;
        }

        return module;
    }

    /// <summary>Serves <paramref name="module"/> to the .NET API, then makes it bind now so a library it cannot use fails here.</summary>
    private static OrtLibrary Bind(nint module, Candidate candidate, OrtNativeBuild build)
    {
        var managed = typeof(OrtEnv).Assembly;
        try
        {
            // The package registers a resolver of its own (for its runtimes/ folders) on first use
            // unless told not to; an assembly takes one resolver, and it must be this one.
            OrtEnv.DisableDllImportResolver = true;
            NativeLibrary.SetDllImportResolver(managed, (name, _, _) => name == ImportName ? module : 0);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"{managed.GetName().Name} was used before OrtLibrary.Load, so ONNX Runtime's library was chosen without Harness; load through OrtLibrary first.", e);
        }

        try
        {
            var options = new EnvironmentCreationOptions { logId = "harness", logLevel = Microsoft.ML.OnnxRuntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING };
            var environment = OrtEnv.CreateInstanceWithOptions(ref options);
            return new OrtLibrary(candidate.IsFile ? candidate.Path : candidate.Shown, build, environment.GetVersionString());
        }
        catch (Exception e) when (e is TypeInitializationException or EntryPointNotFoundException or OnnxRuntimeException)
        {
            var reason = (e as TypeInitializationException)?.InnerException?.Message ?? e.Message;
            _unusable = new OrtLibraryNotFoundException(
                [$"{candidate.Shown}: loaded, but {managed.GetName().Name} {managed.GetName().Version?.ToString(3)} cannot use it ({reason})"], build);
            throw _unusable;
        }
    }
}
