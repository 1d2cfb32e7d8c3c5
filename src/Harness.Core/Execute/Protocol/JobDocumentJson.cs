using System.Text.Json;
using Harness.Results;

namespace Harness.Execute.Protocol;

/// <summary>
/// A <see cref="JobDocument"/> as one JSON line. Reading checks the schema and version before
/// anything else, because a document of another version may not even have the same fields.
/// </summary>
public static class JobDocumentJson
{
    // Strict, unlike results files: a field the writer left out is an error, not a silent null or zero.
    private static readonly JsonSerializerOptions Options = new(ResultsJson.Compact)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Write(JobDocument document) => JsonSerializer.Serialize(document, Options);

    public static JobDocument Read(string line)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new JobDocumentException($"the worker's input is not a JSON job document ({e.Message})", e);
        }

        using (json)
        {
            var root = json.RootElement;
            var schema = Text(root, "schema");
            var version = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("version", out var v) && v.TryGetInt32(out var number) ? number : (int?)null;
            if (schema != JobDocument.SchemaName || version is null)
            {
                throw new JobDocumentException(
                    $"the worker's input is not a {JobDocument.SchemaName} document (its schema is {(schema is null ? "missing" : $"'{schema}'")}); " +
                    "start workers with the harness that planned the run");
            }

            if (version != JobDocument.CurrentVersion)
            {
                var writer = root.TryGetProperty("harness", out var harness) ? Text(harness, "version") : null;
                var self = EnvironmentProbe.Harness();
                throw new JobDocumentException(
                    $"this worker (harness {self.Version}, {self.Commit}) reads {JobDocument.SchemaName} version {JobDocument.CurrentVersion}, " +
                    $"but the job came as version {version} from harness {writer ?? "of an unknown version"}; run the same harness version on both sides");
            }

            try
            {
                return root.Deserialize<JobDocument>(Options) ?? throw new JobDocumentException("the job document is empty");
            }
            catch (JsonException e)
            {
                throw new JobDocumentException($"the job document does not fit {JobDocument.SchemaName} version {JobDocument.CurrentVersion}: {e.Message}", e);
            }
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
