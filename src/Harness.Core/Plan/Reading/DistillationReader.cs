using Harness.Distill;
using Harness.Distill.Students;
using Harness.Distill.Training;
using Harness.Evaluate;
using Harness.Prepare;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// Reads a <c>kind: distilled</c> variant's training settings: the student, the dataset and the
/// training options (all but the student have defaults). A distilled variant brings its
/// hard-label twin, <c>NAME-hard</c>, unless it says <c>twin: false</c>.
/// </summary>
internal static class DistillationReader
{
    public const string TwinSuffix = "-hard";

    public static readonly string[] Keys = ["student", "dataset", "samples", "twin", .. TrainingOptionsReader.Keys];

    private static readonly TrainingOptions Defaults = new(Budget: TimeSpan.FromMinutes(2));

    /// <summary>The request for a distilled variant; null for other kinds, which may not use these keys.</summary>
    public static DistillationRequest? Read(YamlMap map, VariantKind kind)
    {
        if (kind != VariantKind.Distilled)
        {
            return Keys.FirstOrDefault(map.Has) is { } stray
                ? throw map.Error(map.Get(stray)!, $"'{stray}' applies to distilled variants only, not {kind.Name()}")
                : null;
        }

        var studentNode = map.Require("student");
        try
        {
            StudentArchitecture.Parse(map.ScalarText(studentNode, "student"));
        }
        catch (DistillationException e)
        {
            throw map.Error(studentNode, e.Message);
        }

        var dataset = TrainingOptionsReader.ReadDataset(map);
        var options = TrainingOptionsReader.Read(map, Defaults);
        return new DistillationRequest(
            map.ScalarText(studentNode, "student"),
            dataset,
            map.OptionalInt("samples", 60_000, 2, 10_000_000),
            options,
            HardLabelsOnly: false,
            Twin: map.OptionalBool("twin", true));
    }

    /// <summary>The request, followed by its hard-label twin where it has one (same student, seed and budget; α = 0).</summary>
    public static IEnumerable<VariantRequest> WithTwin(VariantRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        yield return request;
        if (request.Distillation is { Twin: true } asked)
        {
            yield return request with
            {
                Name = request.Name + TwinSuffix,
                Distillation = asked with { HardLabelsOnly = true, Twin = false },
            };
        }
    }
}
