using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Harness.Results;

namespace Harness.Roofline;

/// <summary>
/// Peaks measured once per machine and kept under <c>$HARNESS_HOME/roofline/</c>, one file per
/// <see cref="Key"/>, so a run probes each target once and a second run on the same machine not
/// at all. An unavailable target is never cached: the GPU or driver may be there next time.
/// </summary>
public sealed class PeakCache
{
    /// <summary>Bumped when a kernel changes what it measures, so figures from older kernels are not reused.</summary>
    private const string ProbeVersion = "probe-v1";

    private readonly string folder;

    public PeakCache(string harnessHome) => folder = Path.Combine(harnessHome, "roofline");

    /// <summary>
    /// What the cached peaks depend on: the target kind, the processor (model, cores, threads) and
    /// the probe's version. The one place the key is made, so a fuller machine fingerprint can take
    /// its place.
    /// </summary>
    public static string Key(IPeakProbe probe, int threads) => $"{ProbeVersion}|{probe.Target}|{probe.DeviceKey(threads)}";

    /// <summary>The cached figures for this probe and thread count, or freshly measured (and cached) ones.</summary>
    /// <param name="refresh">Measure again even when figures are cached.</param>
    public PeakFigures GetOrMeasure(IPeakProbe probe, int threads, bool refresh = false)
    {
        var key = Key(probe, threads);
        var path = PathOf(key);
        if (!refresh && Read(path, key) is { } cached)
        {
            return cached;
        }

        var measured = probe.Measure(threads);
        if (measured.IsMeasured)
        {
            Write(path, key, measured);
        }

        return measured;
    }

    /// <summary>
    /// The cache only saves time: where it cannot be written (a read-only or full disk) the figures
    /// are still used, and the next run measures again.
    /// </summary>
    private void Write(string path, string key, PeakFigures measured)
    {
        // Written beside and renamed into place, so a run reading the cache never sees half a file.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(temporary, JsonSerializer.Serialize(new CachedPeaks(key, measured), ResultsJson.Indented));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // nothing more to do: the file was never written
            }
        }
    }

    private string PathOf(string key) =>
        Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16] + ".json");

    /// <summary>A damaged or foreign file is measured over rather than trusted.</summary>
    private static PeakFigures? Read(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var cached = JsonSerializer.Deserialize<CachedPeaks>(File.ReadAllText(path), ResultsJson.Indented);
            return cached is not null && cached.Key == key && cached.Peaks.IsMeasured ? cached.Peaks : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    private sealed record CachedPeaks(string Key, PeakFigures Peaks);
}
