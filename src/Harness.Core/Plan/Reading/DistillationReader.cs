using Harness.Distill;
using Harness.Distill.External;
using Harness.Distill.Students;
using Harness.Distill.Training;
using Harness.Evaluate;
using Harness.Prepare;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>
/// Reads a <c>kind: distilled</c> variant's training settings: the student, the dataset and the
/// training options (all but the student have defaults), or the user's training program
/// (<c>command:</c>). A distilled variant brings its hard-label twin, <c>NAME-hard</c>, unless it
/// says <c>twin: false</c> or names a command.
/// </summary>
internal static class DistillationReader
{
    public const string TwinSuffix = "-hard";

    public static readonly string[] Keys = ["student", "command", "dataset", "samples", "twin", .. TrainingOptionsReader.Keys];

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

        if (map.Get("command") is { } commandNode)
        {
            return External(map, commandNode);
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

    /// <summary>
    /// A student the user's own program trains: <c>command</c> in place of <c>student</c>, checked
    /// here (its words, its placeholders); the budget is the program's time limit. No twin: the
    /// hard-label twin is a student Harness trains, which would not compare like with like.
    /// </summary>
    private static DistillationRequest External(YamlMap map, YamlNode commandNode)
    {
        if (map.Get("student") is { } student)
        {
            throw map.Error(student, "'student' does not go with 'command': the program decides the student; give one of them");
        }

        if (map.Get("twin") is { } twin && map.OptionalBool("twin", false))
        {
            throw map.Error(twin, "a student trained by a command has no hard-label twin (the twin would be Harness's own student, not like for like); leave out 'twin'");
        }

        var text = map.ScalarText(commandNode, "command");
        try
        {
            TrainerCommand.Parse(text);
        }
        catch (DistillationException e)
        {
            throw map.Error(commandNode, e.Message);
        }

        return new DistillationRequest(
            "external",
            TrainingOptionsReader.ReadDataset(map),
            map.OptionalInt("samples", 60_000, 2, 10_000_000),
            TrainingOptionsReader.Read(map, Defaults with { Budget = TimeSpan.FromMinutes(10) }),
            HardLabelsOnly: false,
            Twin: false)
        {
            Command = text,
        };
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
