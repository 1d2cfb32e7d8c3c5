using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Optimize.Variants;

/// <summary>What identifies a variant besides its source: the transform kind, its canonical spec and version.</summary>
public sealed record VariantSpec(string Kind, string Spec, int Version)
{
    public static VariantSpec Of(IVariantTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return new VariantSpec(transform.Kind, transform.Spec, transform.Version);
    }
}

/// <summary>A variant in the cache: its model file, whether it was already there, and its key (the folder name).</summary>
public sealed record VariantCacheEntry(string ModelPath, bool Hit, string Key);

/// <summary>
/// Prepared variants, content-addressed: each lives in a folder named by a hash of the source
/// model's bytes (with its external data), the transform's kind, canonical spec and version, so a
/// second run with the same inputs prepares nothing and any change to them makes a new entry. An
/// entry is built in a scratch folder and renamed into place in one step, so a failing or
/// interrupted build leaves nothing a later run could mistake for a variant.
/// </summary>
public sealed class VariantCache
{
    public const string ModelFileName = "model.onnx";
    private const string ManifestFileName = "variant.json";
    private const string ReportFileName = "report.json";

    /// <param name="root">The cache folder; the harness passes $HARNESS_HOME/variants.</param>
    public VariantCache(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>The cache key: hex SHA-256 (first 128 bits) of the source bytes, external data, kind, spec and version.</summary>
    public static string ComputeKey(string sourcePath, VariantSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, "harness-variant\n");
        AppendFile(hash, sourcePath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(sourcePath))!;
        foreach (var location in ExternalLocations(sourcePath))
        {
            Append(hash, "\nexternal:" + location + "\n");
            AppendFile(hash, Path.Combine(folder, location));
        }

        Append(hash, $"\n{spec.Kind}\n{spec.Spec}\n{spec.Version.ToString(CultureInfo.InvariantCulture)}");
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    /// <summary>
    /// Returns the cached variant of <paramref name="sourcePath"/>, building it first when absent:
    /// <paramref name="build"/> writes the model to the path it is given (external data beside it).
    /// </summary>
    public VariantCacheEntry GetOrCreate(string sourcePath, VariantSpec spec, Action<string> build)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(build);
        if (!File.Exists(sourcePath))
        {
            throw new ModelFormatException($"Model file {sourcePath} does not exist. Check the path; the benchmark models are fetched by ./run.sh into ~/.cache/harness/models.");
        }

        var key = ComputeKey(sourcePath, spec);
        var folder = Path.Combine(Root, key);
        var modelPath = Path.Combine(folder, ModelFileName);
        if (File.Exists(modelPath))
        {
            return new VariantCacheEntry(modelPath, Hit: true, key);
        }

        Directory.CreateDirectory(Root);
        var scratch = Path.Combine(Root, ".building-" + key + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        try
        {
            build(Path.Combine(scratch, ModelFileName));
            if (!File.Exists(Path.Combine(scratch, ModelFileName)))
            {
                throw new InvalidOperationException($"The build for variant {key} returned without writing {ModelFileName}.");
            }

            File.WriteAllText(Path.Combine(scratch, ManifestFileName), Manifest(sourcePath, spec, key));
            try
            {
                Directory.Move(scratch, folder);
            }
            catch (IOException) when (File.Exists(modelPath))
            {
                // Another process finished the same variant first; theirs is as good as ours.
                Directory.Delete(scratch, recursive: true);
            }

            return new VariantCacheEntry(modelPath, Hit: false, key);
        }
        catch
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }

            throw;
        }
    }

    /// <summary>
    /// Applies <paramref name="transform"/> on a miss, checks that ONNX Runtime loads the result
    /// (a variant it refuses never enters the cache) and stores the report beside the model (see <see cref="ReadReport"/>).
    /// </summary>
    public VariantCacheEntry GetOrCreate(string sourcePath, IVariantTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return GetOrCreate(sourcePath, VariantSpec.Of(transform), target =>
        {
            var source = OnnxModel.Load(sourcePath);
            var result = transform.ApplyChecked(source, sourcePath);
            result.Model.Save(target);
            VariantVerifier.EnsureLoads(target, $"the {transform.Kind} variant of {sourcePath}", transform, source);
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(target)!, ReportFileName), VariantReportJson.Write(result.Report));
        });
    }

    /// <summary>The report stored with a cached variant, or null when it was built without one.</summary>
    public static VariantReport? ReadReport(VariantCacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = Path.Combine(Path.GetDirectoryName(entry.ModelPath)!, ReportFileName);
        return File.Exists(path) ? VariantReportJson.Read(File.ReadAllText(path)) : null;
    }

    private static string Manifest(string sourcePath, VariantSpec spec, string key) => new JsonObject
    {
        ["key"] = key,
        ["source"] = Path.GetFullPath(sourcePath),
        ["kind"] = spec.Kind,
        ["version"] = spec.Version,
        ["spec"] = JsonNode.Parse(spec.Spec),
        ["createdUtc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));

    private static void AppendFile(IncrementalHash hash, string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
    }

    /// <summary>External data files the model refers to, sorted, so they hash in a fixed order.</summary>
    private static SortedSet<string> ExternalLocations(string sourcePath)
    {
        var locations = new SortedSet<string>(StringComparer.Ordinal);
        var model = OnnxModel.Load(sourcePath);
        if (!model.HasExternalData)
        {
            return locations;
        }

        foreach (var tensor in Tensors(model.Graph))
        {
            if (tensor.ExternalData.FirstOrDefault(e => e.Key == "location") is { } location)
            {
                locations.Add(location.Value);
            }
        }

        return locations;
    }

    private static IEnumerable<TensorProto> Tensors(GraphProto graph)
    {
        foreach (var tensor in graph.Initializer)
        {
            yield return tensor;
        }

        foreach (var attribute in graph.Node.SelectMany(n => n.Attribute))
        {
            if (attribute.T is { } t)
            {
                yield return t;
            }

            foreach (var inner in attribute.Tensors.Concat(attribute.Graphs.Prepend(attribute.G).Where(g => g is not null).SelectMany(Tensors)))
            {
                yield return inner;
            }
        }
    }
}
