using Harness.Distill;
using Harness.Distill.Students;
using Harness.Distill.Training;
using Harness.Prepare;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>Reads a model's <c>train:</c> block: the architecture, the dataset and the training options (labels only: α is 0).</summary>
internal static class TrainReader
{
    private static readonly string[] Keys = ["architecture", "dataset", "samples", .. TrainingOptionsReader.Keys.Where(k => k is not ("alpha" or "temperature"))];

    private static readonly TrainingOptions Defaults = new(Epochs: 10, Alpha: 0, Budget: TimeSpan.FromMinutes(5));

    public static TrainRequest Read(YamlNode node, string file, string context)
    {
        var map = new YamlMap(node, file, context, Keys);
        var architectureNode = map.Require("architecture");
        var architecture = map.ScalarText(architectureNode, "architecture");
        try
        {
            StudentArchitecture.Parse(architecture);
        }
        catch (DistillationException e)
        {
            throw map.Error(architectureNode, e.Message);
        }

        var dataset = TrainingOptionsReader.ReadDataset(map);
        var request = new TrainRequest(architecture, dataset, map.OptionalInt("samples", 60_000, 2, 10_000_000), TrainingOptionsReader.Read(map, Defaults));
        return request;
    }

    /// <summary>Where the trained model lies (or will, once the run has trained it).</summary>
    public static string PathOf(TrainRequest request) => TrainedModels.PathFor(request);
}
