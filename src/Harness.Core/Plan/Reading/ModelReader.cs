using Harness.Assets;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan.Reading;

/// <summary>Reads one entry of <c>models</c>: the file or asset, its dimensions and inputs, and its own loads, accuracy, variants and fidelity bounds.</summary>
internal static class ModelReader
{
    private static readonly string[] Keys = ["name", "path", "asset", "train", "inputs", "dims", "test_data", "loads", "accuracy", "variants", "fidelity"];

    public static ModelSpec Read(YamlNode node, string file, int index, string baseDirectory)
    {
        var map = new YamlMap(node, file, $"models[{index}]", Keys);
        var name = map.RequireString("name");
        var training = map.Get("train") is { } trainNode ? TrainReader.Read(trainNode, file, $"models[{index}].train") : null;
        var modelPath = training is not null ? TrainedPath(map, name, training) : ModelPath(map, name, baseDirectory);
        var dims = Dimensions(map);
        var testData = TestData(map, name, baseDirectory);
        var inputs = map.OptionalSequence("inputs") is { } inputList
            ? inputList.Children.Select((child, i) => InputReader.Read(child, file, $"models[{index}].inputs[{i}]", index * 100 + i + 1)).ToList()
            : [];
        // A model's own empty list means "no timing jobs", e.g. a model measured for accuracy only.
        var loads = map.OptionalSequence("loads") is { } own
            ? LoadReader.ReadAll(own, file)
            : null;
        var accuracy = map.Get("accuracy") is { } accuracyNode ? AccuracyReader.Read(accuracyNode, file, $"models[{index}].accuracy") : null;
        var variants = map.OptionalSequence("variants") is { } variantList
            ? variantList.Children.Select((child, i) => VariantReader.Read(child, file, $"models[{index}].variants[{i}]")).SelectMany(DistillationReader.WithTwin).ToList()
            : [];
        if (variants.GroupBy(v => v.Name).FirstOrDefault(g => g.Count() > 1 || g.Key == JobPlanner.ReferenceVariant) is { } clash)
        {
            throw map.Error(map.Require("variants"), $"variant name '{clash.Key}' is used twice (fp32 is the model as given); name each variant once");
        }

        var fidelity = map.Get("fidelity") is { } fidelityNode ? FidelityReader.Read(fidelityNode, file, $"models[{index}].fidelity") : FidelitySpec.Default;
        var pathAt = (map.Get("path") ?? map.Get("asset") ?? map.Get("train"))!.Start;
        var inputsAt = (map.Get("inputs") ?? map.Get("test_data") ?? map.Get("path") ?? map.Get("asset") ?? map.Get("train"))!.Start;
        var origin = new ModelOrigin(file, pathAt.Line, pathAt.Column, inputsAt.Line, inputsAt.Column);
        return new ModelSpec(name, modelPath, inputs, dims, testData) { Loads = loads, Accuracy = accuracy, Variants = variants, Fidelity = fidelity, Origin = origin, Training = training };
    }

    /// <summary>A trained model's file in the cache; <c>train</c> replaces <c>path</c> and <c>asset</c>.</summary>
    private static string TrainedPath(YamlMap map, string name, TrainRequest training) =>
        (map.Get("path") ?? map.Get("asset")) is { } other
            ? throw map.Error(other, $"model '{name}' has both 'train' and '{(map.Has("path") ? "path" : "asset")}'; give one")
            : TrainReader.PathOf(training);

    /// <summary>The model file: a named asset, or a path relative to the scenario file.</summary>
    private static string ModelPath(YamlMap map, string name, string baseDirectory)
    {
        if (map.Get("asset") is { } assetNode)
        {
            if (map.Has("path"))
            {
                throw map.Error(assetNode, $"model '{name}' has both 'asset' and 'path'; give one");
            }

            var asset = map.ScalarText(assetNode, "asset");
            var assetPath = AssetCatalog.TryResolveModel(asset)
                ?? throw map.Error(assetNode, $"unknown asset '{asset}'; known assets: {string.Join(", ", AssetCatalog.ModelNames)}");
            return File.Exists(assetPath)
                ? assetPath
                : throw map.Error(assetNode, $"asset '{asset}' is not installed at {assetPath}; run ./run.sh once (it fetches it) or set HARNESS_MODELS");
        }

        var pathNode = map.Get("path") ?? throw map.Error(map.Node, $"model '{name}' needs 'path' (a .onnx file), 'asset' (one of: {string.Join(", ", AssetCatalog.ModelNames)}) or 'train' (a model the harness trains)");
        var modelPath = Path.GetFullPath(Path.Combine(baseDirectory, map.ScalarText(pathNode, "path")));
        return File.Exists(modelPath) ? modelPath : throw map.Error(pathNode, $"model file not found: {modelPath}");
    }

    private static Dictionary<string, long> Dimensions(YamlMap map)
    {
        var dims = new Dictionary<string, long>(StringComparer.Ordinal);
        if (map.Get("dims") is not { } dimsNode)
        {
            return dims;
        }

        var dimsMap = dimsNode as YamlMappingNode ?? throw map.Error(dimsNode, "'dims' must map symbol names to sizes, e.g. { width: 320 }");
        foreach (var (key, value) in dimsMap.Children)
        {
            var symbol = map.ScalarText(key, "dims");
            if (symbol == "batch")
            {
                throw map.Error(key, "'batch' is set by each load's batch size, not in 'dims'");
            }

            dims[symbol] = map.ReadInt(value, $"dims.{symbol}", 1, int.MaxValue);
        }

        return dims;
    }

    private static string? TestData(YamlMap map, string name, string baseDirectory)
    {
        if (map.Get("test_data") is not { } testDataNode)
        {
            return null;
        }

        var testData = Path.GetFullPath(Path.Combine(baseDirectory, map.ScalarText(testDataNode, "test_data")));
        if (!Directory.Exists(testData))
        {
            throw map.Error(testDataNode, $"test-data folder not found: {testData}");
        }

        return map.Has("inputs")
            ? throw map.Error(testDataNode, $"model '{name}' has both 'test_data' and 'inputs'; give one")
            : testData;
    }
}
