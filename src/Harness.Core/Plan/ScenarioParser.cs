using System.Globalization;
using System.Security.Cryptography;
using Harness.Assets;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Plan;

/// <summary>
/// Reads a version-1 scenario file into a <see cref="Scenario"/>. Everything is validated here,
/// before any job starts, so a typo costs a second, not a half-finished run.
/// </summary>
public static class ScenarioParser
{
    private static readonly string[] TopKeys = ["version", "name", "description", "models", "targets", "loads", "run"];
    private static readonly string[] ModelKeys = ["name", "path", "asset", "inputs", "dims", "test_data", "loads", "accuracy", "variants"];
    private static readonly string[] VariantKeys = ["name", "kind", "calibration", "per_channel", "activation_type", "exclude_ops", "exclude_nodes", "keep_io_types"];
    private static readonly string[] CalibrationKeys = ["dataset", "samples", "method", "seed"];
    private static readonly Dictionary<string, VariantKind> VariantKinds = new() { ["int8-dynamic"] = VariantKind.Int8Dynamic, ["int8-static"] = VariantKind.Int8Static, ["fp16"] = VariantKind.Float16, ["int4"] = VariantKind.Int4 };
    private static readonly Dictionary<string, string> CalibrationMethods = new() { ["minmax"] = "minmax", ["percentile"] = "percentile", ["entropy"] = "entropy", ["mse"] = "mse" };
    private static readonly Dictionary<string, string> ActivationTypes = new() { ["uint8"] = "uint8", ["int8"] = "int8" };
    private static readonly string[] AccuracyKeys = ["dataset", "metrics", "samples", "batch_size", "slices", "text", "max_drop", "resamples", "shifts"];
    private static readonly string[] ShiftKeys = ["kind", "strength"];
    private static readonly Dictionary<string, string> TextModes = new() { ["none"] = "none", ["trim"] = "trim", ["ignore-spaces"] = "ignore-spaces" };
    private static readonly string[] InputKeys = ["name", "shape", "fill", "low", "high", "mean", "std", "seed"];
    private static readonly string[] TargetKeys = ["name", "device", "threads", "inter_op_threads", "graph_optimization", "execution_mode"];
    private static readonly string[] LoadKeys =
        ["type", "batch_size", "batch_sizes", "percentile", "samples_per_query", "interval", "qps", "search", "slo", "batcher", "clients", "min_gain"];
    private static readonly string[] BatcherKeys = ["max_batch", "max_queue_delay", "preferred_sizes"];
    private static readonly string[] RunKeys =
        ["warmup", "min_duration", "min_queries", "max_duration", "max_queries", "timeout", "seed", "stability_tolerance", "max_late_fraction", "max_search_probes"];

    private static readonly Dictionary<string, FillKind> Fills = new() { ["uniform"] = FillKind.Uniform, ["normal"] = FillKind.Normal, ["zeros"] = FillKind.Zeros };
    private static readonly Dictionary<string, TargetDevice> Devices = new() { ["cpu"] = TargetDevice.Cpu, ["noop"] = TargetDevice.NoOp };
    private static readonly Dictionary<string, string> OptimizationLevels = new() { ["disabled"] = "disabled", ["basic"] = "basic", ["extended"] = "extended", ["all"] = "all" };
    private static readonly Dictionary<string, string> ExecutionModes = new() { ["sequential"] = "sequential", ["parallel"] = "parallel" };
    private static readonly Dictionary<string, LoadKind> LoadKinds = new()
    {
        ["single-stream"] = LoadKind.SingleStream,
        ["multi-stream"] = LoadKind.MultiStream,
        ["server"] = LoadKind.Server,
        ["offline"] = LoadKind.Offline,
        ["concurrency-sweep"] = LoadKind.ConcurrencySweep,
    };

    public static Scenario ParseFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ScenarioException($"{path}: scenario file not found");
        }

        var bytes = File.ReadAllBytes(path);
        return Parse(System.Text.Encoding.UTF8.GetString(bytes), path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static Scenario Parse(string text, string path, string sha256 = "")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // YamlDotNet's message repeats the position; keep only the description.
            var problem = e.InnerException?.Message ?? e.Message;
            var colon = problem.IndexOf("): ", StringComparison.Ordinal);
            throw new ScenarioException(path, e.Start.Line, e.Start.Column, "invalid YAML: " + (colon >= 0 ? problem[(colon + 3)..] : problem));
        }

        if (stream.Documents.Count == 0)
        {
            throw new ScenarioException(path, 1, 1, "the scenario is empty; expected keys: " + string.Join(", ", TopKeys));
        }

        var top = new YamlMap(stream.Documents[0].RootNode, path, "the scenario", TopKeys);
        var version = top.ReadInt(top.Require("version"), "version", 1, int.MaxValue);
        if (version != 1)
        {
            throw top.Error(top.Require("version"), $"scenario version {version} is not supported; this harness reads version 1");
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var models = ReadList(top, "models", (node, i) => ReadModel(node, path, i, baseDirectory));
        var targets = top.Has("targets")
            ? ReadList(top, "targets", (node, i) => ReadTargets(node, path, i)).SelectMany(t => t).ToList()
            : [new TargetSpec("cpu", TargetDevice.Cpu, 0, 0, "all", "sequential")];
        var loads = top.Has("loads")
            ? ReadList(top, "loads", (node, i) => ReadLoad(node, path, i))
            : [LoadSpec.SingleStream()];
        var rules = top.Get("run") is { } runNode ? ReadRules(new YamlMap(runNode, path, "run", RunKeys)) : RunRules.Defaults;

        RequireUniqueNames(top, "models", models.Select(m => m.Name).ToList());
        if (targets.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw top.Error(top.Require("targets"), $"two targets are named '{clash.Key}' (after expanding swept knobs); names must be unique");
        }
        var name = top.OptionalString("name") ?? Path.GetFileNameWithoutExtension(path);
        return new Scenario(name, path, sha256, models, targets, loads, rules);
    }

    private static List<T> ReadList<T>(YamlMap map, string key, Func<YamlNode, int, T> read)
    {
        var sequence = map.OptionalSequence(key) ?? throw map.Error(map.Node, $"the scenario is missing the required list '{key}'");
        if (sequence.Children.Count == 0)
        {
            throw map.Error(sequence, $"'{key}' is empty; give at least one entry");
        }

        return sequence.Children.Select(read).ToList();
    }

    private static ModelSpec ReadModel(YamlNode node, string file, int index, string baseDirectory)
    {
        var map = new YamlMap(node, file, $"models[{index}]", ModelKeys);
        var name = map.RequireString("name");
        string modelPath;
        if (map.Get("asset") is { } assetNode)
        {
            if (map.Has("path"))
            {
                throw map.Error(assetNode, $"model '{name}' has both 'asset' and 'path'; give one");
            }

            var asset = map.ScalarText(assetNode, "asset");
            modelPath = AssetCatalog.TryResolveModel(asset)
                ?? throw map.Error(assetNode, $"unknown asset '{asset}'; known assets: {string.Join(", ", AssetCatalog.ModelNames)}");
            if (!File.Exists(modelPath))
            {
                throw map.Error(assetNode, $"asset '{asset}' is not installed at {modelPath}; run ./run.sh once (it fetches it) or set HARNESS_MODELS");
            }
        }
        else
        {
            var pathNode = map.Get("path") ?? throw map.Error(node, $"model '{name}' needs 'path' (a .onnx file) or 'asset' (one of: {string.Join(", ", AssetCatalog.ModelNames)})");
            modelPath = Path.GetFullPath(Path.Combine(baseDirectory, map.ScalarText(pathNode, "path")));
            if (!File.Exists(modelPath))
            {
                throw map.Error(pathNode, $"model file not found: {modelPath}");
            }
        }

        var dims = new Dictionary<string, long>(StringComparer.Ordinal);
        if (map.Get("dims") is { } dimsNode)
        {
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
        }

        string? testData = null;
        if (map.Get("test_data") is { } testDataNode)
        {
            testData = Path.GetFullPath(Path.Combine(baseDirectory, map.ScalarText(testDataNode, "test_data")));
            if (!Directory.Exists(testData))
            {
                throw map.Error(testDataNode, $"test-data folder not found: {testData}");
            }

            if (map.Has("inputs"))
            {
                throw map.Error(testDataNode, $"model '{name}' has both 'test_data' and 'inputs'; give one");
            }
        }

        var inputs = map.OptionalSequence("inputs") is { } inputList
            ? inputList.Children.Select((child, i) => ReadInput(child, file, $"models[{index}].inputs[{i}]", index * 100 + i + 1)).ToList()
            : [];
        // A model's own empty list means "no timing jobs", e.g. a model measured for accuracy only.
        var loads = map.OptionalSequence("loads") is { } own
            ? own.Children.Select((child, i) => ReadLoad(child, file, i)).ToList()
            : null;
        var accuracy = map.Get("accuracy") is { } accuracyNode ? ReadAccuracy(new YamlMap(accuracyNode, file, $"models[{index}].accuracy", AccuracyKeys)) : null;
        var variants = map.OptionalSequence("variants") is { } variantList
            ? variantList.Children.Select((child, i) => ReadVariant(child, file, $"models[{index}].variants[{i}]")).ToList()
            : [];
        if (variants.GroupBy(v => v.Name).FirstOrDefault(g => g.Count() > 1 || g.Key == JobPlanner.ReferenceVariant) is { } clash)
        {
            throw map.Error(map.Require("variants"), $"variant name '{clash.Key}' is used twice (fp32 is the model as given); name each variant once");
        }

        return new ModelSpec(name, modelPath, inputs, dims, testData) { Loads = loads, Accuracy = accuracy, Variants = variants };
    }

    private static InputSpec ReadInput(YamlNode node, string file, string context, int defaultSeed)
    {
        var map = new YamlMap(node, file, context, InputKeys);
        var name = map.RequireString("name");
        var shapeNode = map.OptionalSequence("shape") ?? throw map.Error(node, $"input '{name}' needs 'shape', e.g. [batch, 3, 48, 192]");
        var shape = shapeNode.Children.Select(dim =>
        {
            var text = map.ScalarText(dim, "shape");
            if (long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var size))
            {
                return size > 0 ? DimensionSpec.Fixed(size) : throw map.Error(dim, $"dimension {size} in input '{name}' must be positive");
            }

            return IsSymbol(text) ? DimensionSpec.Named(text) : throw map.Error(dim, $"dimension '{text}' in input '{name}' must be a positive number or a symbol name such as batch");
        }).ToList();
        var kind = map.OptionalEnum("fill", FillKind.Uniform, Fills);
        var fill = new FillSpec(
            kind,
            map.OptionalDouble("low", 0),
            map.OptionalDouble("high", 1),
            map.OptionalDouble("mean", 0),
            map.OptionalDouble("std", 1),
            map.OptionalInt("seed", defaultSeed, int.MinValue, int.MaxValue));
        if (fill.Kind == FillKind.Uniform && fill.High <= fill.Low)
        {
            throw map.Error(node, $"input '{name}': 'high' ({fill.High}) must be above 'low' ({fill.Low})");
        }

        return new InputSpec(name, shape, fill);
    }

    /// <summary>
    /// Reads one target; each execution knob may be a list, and the target expands into one per
    /// combination (named <c>cpu-t1</c>, <c>cpu-t2</c>, …) so knobs are swept like any other axis.
    /// </summary>
    private static List<TargetSpec> ReadTargets(YamlNode node, string file, int index)
    {
        var map = new YamlMap(node, file, $"targets[{index}]", TargetKeys);
        var name = map.RequireString("name");
        var device = map.OptionalEnum("device", TargetDevice.Cpu, Devices);
        var threads = Sweep(map, "threads", v => map.ReadInt(v, "threads", 0, 1024).ToString(CultureInfo.InvariantCulture), "0");
        var interOp = Sweep(map, "inter_op_threads", v => map.ReadInt(v, "inter_op_threads", 0, 1024).ToString(CultureInfo.InvariantCulture), "0");
        var optimization = Sweep(map, "graph_optimization", v => Choice(map, v, "graph_optimization", OptimizationLevels), "all");
        var mode = Sweep(map, "execution_mode", v => Choice(map, v, "execution_mode", ExecutionModes), "sequential");
        var targets = new List<TargetSpec>();
        foreach (var t in threads)
        {
            foreach (var i in interOp)
            {
                foreach (var o in optimization)
                {
                    foreach (var m in mode)
                    {
                        var suffix = (threads.Count > 1 ? "-t" + t : string.Empty) + (interOp.Count > 1 ? "-i" + i : string.Empty)
                            + (optimization.Count > 1 ? "-" + o : string.Empty) + (mode.Count > 1 ? "-" + m : string.Empty);
                        targets.Add(new TargetSpec(name + suffix, device, int.Parse(t, CultureInfo.InvariantCulture), int.Parse(i, CultureInfo.InvariantCulture), o, m));
                    }
                }
            }
        }

        return targets;
    }

    private static List<string> Sweep(YamlMap map, string key, Func<YamlNode, string> read, string fallback) => map.Get(key) switch
    {
        null => [fallback],
        YamlSequenceNode { Children.Count: 0 } empty => throw map.Error(empty, $"'{key}' is an empty list; give at least one value"),
        YamlSequenceNode list => list.Children.Select(read).Distinct().ToList(),
        var single => [read(single)],
    };

    private static string Choice(YamlMap map, YamlNode value, string key, Dictionary<string, string> choices)
    {
        var text = map.ScalarText(value, key);
        return choices.TryGetValue(text, out var choice)
            ? choice
            : throw map.Error(value, $"'{key}' is '{text}'; expected one of: {string.Join(", ", choices.Keys)}");
    }

    private static LoadSpec ReadLoad(YamlNode node, string file, int index)
    {
        if (node is YamlScalarNode { Value: { } bare })
        {
            if (!LoadKinds.TryGetValue(bare, out var bareKind))
            {
                throw YamlMap.Error(file, node, $"unknown load '{bare}'; expected one of: {string.Join(", ", LoadKinds.Keys)}");
            }

            return bareKind switch
            {
                LoadKind.SingleStream or LoadKind.Offline => new LoadSpec(bareKind, [1], DefaultPercentile(bareKind)),
                LoadKind.ConcurrencySweep => new LoadSpec(bareKind, [1], 0.99, Clients: [1, 2, 4, 8, 16]),
                _ => throw YamlMap.Error(file, node, $"load '{bare}' needs settings; write it as a mapping with 'type: {bare}' and its keys"),
            };
        }

        var map = new YamlMap(node, file, $"loads[{index}]", LoadKeys);
        if (!map.Has("type"))
        {
            throw map.Error(node, $"loads[{index}] needs 'type' (one of: {string.Join(", ", LoadKinds.Keys)})");
        }

        var kind = map.OptionalEnum("type", LoadKind.SingleStream, LoadKinds);
        var context = $"loads[{index}] ({map.RequireString("type")})";
        void Only(string key, params LoadKind[] kinds)
        {
            if (map.Get(key) is { } present && !kinds.Contains(kind))
            {
                throw map.Error(present, $"'{key}' does not apply to {context}");
            }
        }

        Only("batch_size", LoadKind.SingleStream, LoadKind.Offline);
        Only("batch_sizes", LoadKind.SingleStream, LoadKind.Offline);
        Only("samples_per_query", LoadKind.MultiStream);
        Only("interval", LoadKind.MultiStream);
        Only("qps", LoadKind.Server);
        Only("search", LoadKind.Server);
        Only("slo", LoadKind.Server);
        Only("batcher", LoadKind.Server, LoadKind.MultiStream);
        Only("clients", LoadKind.ConcurrencySweep);
        Only("min_gain", LoadKind.ConcurrencySweep);

        List<int> batches = [1];
        if (map.Get("batch_sizes") is { } listNode)
        {
            var list = map.OptionalSequence("batch_sizes")!;
            if (list.Children.Count == 0)
            {
                throw map.Error(listNode, "'batch_sizes' is empty; give at least one batch size");
            }

            batches = list.Children.Select(child => map.ReadInt(child, "batch_sizes", 1, 1 << 20)).Distinct().ToList();
        }
        else if (map.Get("batch_size") is { } sizeNode)
        {
            batches = [map.ReadInt(sizeNode, "batch_size", 1, 1 << 20)];
        }

        var percentile = map.Get("percentile") is { } percentileNode ? ReadPercentile(map, percentileNode) : DefaultPercentile(kind);
        var load = new LoadSpec(kind, batches, percentile);
        switch (kind)
        {
            case LoadKind.MultiStream:
                load = load with
                {
                    SamplesPerQuery = map.OptionalInt("samples_per_query", 8, 1, 1 << 16),
                    Interval = map.OptionalDuration("interval", TimeSpan.FromMilliseconds(50)),
                    Batcher = ReadBatcher(map),
                };
                break;
            case LoadKind.Server:
                var search = map.Get("search") is { } searchNode
                    ? map.ScalarText(searchNode, "search") == "peak-qps" ? true : throw map.Error(searchNode, "'search' must be 'peak-qps'")
                    : false;
                double? qps = map.Get("qps") is { } qpsNode ? map.ReadDouble(qpsNode, "qps") : null;
                if (qps is <= 0)
                {
                    throw map.Error(map.Get("qps")!, "'qps' must be positive");
                }

                if (search == qps.HasValue)
                {
                    throw map.Error(node, $"{context} needs either 'qps: N' (one run at that rate) or 'search: peak-qps' (find the highest rate that meets the SLO)");
                }

                var slo = map.Get("slo") is { } sloNode ? map.ReadDuration(sloNode, "slo") : (TimeSpan?)null;
                if (search && slo is null)
                {
                    throw map.Error(node, $"{context}: 'search: peak-qps' needs 'slo', the latency bound, e.g. slo: 20ms");
                }

                load = load with { TargetQps = qps, SearchPeakQps = search, Slo = slo, Batcher = ReadBatcher(map) };
                break;
            case LoadKind.ConcurrencySweep:
                var clients = map.OptionalSequence("clients") is { } clientList
                    ? clientList.Children.Select(c => map.ReadInt(c, "clients", 1, 1024)).ToList()
                    : [1, 2, 4, 8, 16];
                load = load with { Clients = clients, MinGain = map.Get("min_gain") is { } gainNode ? ReadFraction(map, gainNode, "min_gain") : 0.05 };
                break;
        }

        return load;
    }

    /// <summary>A variant: a bare kind (int8-dynamic, int8-static, fp16) or a mapping with options.</summary>
    private static VariantRequest ReadVariant(YamlNode node, string file, string context)
    {
        if (node is YamlScalarNode { Value: { } bare })
        {
            return VariantKinds.TryGetValue(bare, out var bareKind)
                ? new VariantRequest(bare, bareKind, bareKind == VariantKind.Int8Static ? new CalibrationRequest(null, 16, "minmax", 42) : null, true, "uint8", [], [], true)
                : throw YamlMap.Error(file, node, $"unknown variant '{bare}'; expected one of: {string.Join(", ", VariantKinds.Keys)}");
        }

        var map = new YamlMap(node, file, context, VariantKeys);
        var kindText = map.RequireString("kind");
        var kind = map.OptionalEnum("kind", VariantKind.Int8Dynamic, VariantKinds);
        CalibrationRequest? calibration = null;
        if (kind == VariantKind.Int8Static)
        {
            calibration = new CalibrationRequest(null, 16, "minmax", 42);
            if (map.Get("calibration") is { } calibrationNode)
            {
                var c = new YamlMap(calibrationNode, file, context + ".calibration", CalibrationKeys);
                string? dataset = null;
                if (c.Get("dataset") is { } datasetNode)
                {
                    dataset = c.ScalarText(datasetNode, "dataset");
                    if (!Evaluate.DatasetCatalog.Names.Contains(dataset))
                    {
                        throw c.Error(datasetNode, $"unknown dataset '{dataset}'; known datasets: {string.Join(", ", Evaluate.DatasetCatalog.Names)}");
                    }
                }

                calibration = new CalibrationRequest(dataset, c.OptionalInt("samples", 16, 1, 100_000), c.OptionalEnum("method", "minmax", CalibrationMethods), c.OptionalInt("seed", 42, int.MinValue, int.MaxValue));
            }
        }
        else if (map.Get("calibration") is { } stray)
        {
            throw map.Error(stray, $"'calibration' applies to int8-static variants only, not {kindText}");
        }

        IReadOnlyList<string> Names(string key) => map.OptionalSequence(key) is { } list ? list.Children.Select(n => map.ScalarText(n, key)).ToList() : [];
        return new VariantRequest(
            map.OptionalString("name") ?? kindText,
            kind,
            calibration,
            map.Get("per_channel") is { } perChannel ? map.ScalarText(perChannel, "per_channel") == "true" : true,
            map.OptionalEnum("activation_type", "uint8", ActivationTypes),
            Names("exclude_ops"),
            Names("exclude_nodes"),
            map.Get("keep_io_types") is { } keep ? map.ScalarText(keep, "keep_io_types") == "true" : true);
    }

    private static AccuracySpec ReadAccuracy(YamlMap map)
    {
        var datasetNode = map.Require("dataset");
        var dataset = map.ScalarText(datasetNode, "dataset");
        if (!Evaluate.DatasetCatalog.Names.Contains(dataset))
        {
            throw map.Error(datasetNode, $"unknown dataset '{dataset}'; known datasets: {string.Join(", ", Evaluate.DatasetCatalog.Names)}");
        }

        var metrics = new List<string>();
        if (map.OptionalSequence("metrics") is { } metricList)
        {
            foreach (var node in metricList.Children)
            {
                var metric = map.ScalarText(node, "metrics");
                if (!Evaluate.Metrics.MetricRegistry.TryCreate(metric, out _))
                {
                    throw map.Error(node, $"unknown metric '{metric}'; known metrics: {string.Join(", ", Evaluate.Metrics.MetricRegistry.Names)}");
                }

                metrics.Add(metric);
            }
        }

        var shifts = map.OptionalSequence("shifts") is { } shiftList
            ? shiftList.Children.Select((node, i) =>
            {
                var shift = new YamlMap(node, map.File, $"shifts[{i}]", ShiftKeys);
                var strength = shift.OptionalDouble("strength", 0.1);
                var kind = shift.RequireString("kind");
                try
                {
                    // Checked now, with the position, rather than when the worker meets it.
                    _ = new Evaluate.Drift.ShiftSpec(Evaluate.Drift.ShiftKinds.Parse(kind), strength, 0);
                }
                catch (ArgumentException e)
                {
                    throw shift.Error(node, e.Message.Split(" (Parameter", 2)[0]);
                }

                return new ShiftRequest(kind, strength);
            }).ToList()
            : [];
        return new AccuracySpec(
            dataset,
            metrics,
            map.OptionalInt("samples", 300, 1, 10_000_000),
            map.OptionalInt("batch_size", 1, 1, 4096),
            map.OptionalSequence("slices") is { } sliceList ? sliceList.Children.Select(n => map.ScalarText(n, "slices")).ToList() : [],
            map.OptionalEnum("text", "none", TextModes),
            map.Get("max_drop") is { } drop ? ReadFraction(map, drop, "max_drop") : null,
            map.OptionalInt("resamples", 1000, 10, 100_000),
            shifts);
    }

    private static BatcherSpec? ReadBatcher(YamlMap parent)
    {
        if (parent.Get("batcher") is not { } node)
        {
            return null;
        }

        var map = new YamlMap(node, parent.File, "batcher", BatcherKeys);
        var max = map.OptionalInt("max_batch", 8, 1, 4096);
        var preferred = map.OptionalSequence("preferred_sizes") is { } list
            ? list.Children.Select(c => map.ReadInt(c, "preferred_sizes", 1, max)).Distinct().Order().ToList()
            : [];
        return new BatcherSpec(max, map.OptionalDuration("max_queue_delay", TimeSpan.FromMilliseconds(2)), preferred);
    }

    private static double DefaultPercentile(LoadKind kind) => kind == LoadKind.SingleStream ? 0.90 : 0.99;

    /// <summary>Percentiles are written as percent (90, 99, 99.9), the way people say them.</summary>
    private static double ReadPercentile(YamlMap map, YamlNode node)
    {
        var value = map.ReadDouble(node, "percentile");
        return value is > 0 and < 100
            ? value / 100
            : throw map.Error(node, $"'percentile' is {value}; expected a percent between 0 and 100 such as 90, 99 or 99.9");
    }

    private static double ReadFraction(YamlMap map, YamlNode node, string key)
    {
        var text = map.ScalarText(node, key).Trim();
        var percent = text.EndsWith('%');
        return double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? percent ? value / 100 : value
            : throw map.Error(node, $"'{key}' is '{text}'; expected a fraction such as 5% or 0.05");
    }

    private static RunRules ReadRules(YamlMap map)
    {
        var d = RunRules.Defaults;
        var rules = new RunRules(
            map.OptionalInt("warmup", d.WarmupQueries, 0, 1_000_000),
            map.OptionalDuration("min_duration", d.MinDuration),
            map.OptionalInt("min_queries", d.MinQueries, 1, 100_000_000),
            map.OptionalDuration("max_duration", d.MaxDuration),
            map.OptionalInt("max_queries", d.MaxQueries, 1, 100_000_000),
            map.OptionalDuration("timeout", d.JobTimeout),
            map.OptionalInt("seed", d.Seed, int.MinValue, int.MaxValue),
            map.Get("stability_tolerance") is { } tolerance ? ReadFraction(map, tolerance, "stability_tolerance") : d.StabilityTolerance,
            map.Get("max_late_fraction") is { } late ? ReadFraction(map, late, "max_late_fraction") : d.MaxLateFraction,
            map.OptionalInt("max_search_probes", d.MaxSearchProbes, 2, 100));
        if (rules.MaxQueries < rules.MinQueries)
        {
            throw map.Error(map.Get("max_queries") ?? map.Node, $"max_queries ({rules.MaxQueries}) is below min_queries ({rules.MinQueries})");
        }

        if (rules.MaxDuration < rules.MinDuration)
        {
            throw map.Error(map.Get("max_duration") ?? map.Node, $"max_duration ({Quantities.FormatDuration(rules.MaxDuration)}) is below min_duration ({Quantities.FormatDuration(rules.MinDuration)})");
        }

        return rules;
    }

    private static void RequireUniqueNames(YamlMap top, string key, IReadOnlyList<string> names)
    {
        if (top.Get(key) is not YamlSequenceNode sequence)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (!seen.Add(names[i]))
            {
                throw top.Error(sequence.Children[i], $"two {key} are named '{names[i]}'; names must be unique");
            }
        }
    }

    private static bool IsSymbol(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-');
}
