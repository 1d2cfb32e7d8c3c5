using Harness.Data.Shifts;
using Harness.Evaluate;
using Harness.Optimize.Quantization;
using Harness.Optimize.Quantization.Calibration;
using Harness.Plan;
using Harness.Prepare;

namespace Harness.Tests.Plan;

public sealed class ScenarioParserTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("scenario");

    public ScenarioParserTests() => File.WriteAllBytes(Path.Combine(folder, "m.onnx"), [1]);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Scenario Parse(string yaml) => ScenarioParser.Parse(yaml, Path.Combine(folder, "s.yaml"));

    private ScenarioException Fails(string yaml) => Assert.Throws<ScenarioException>(() => Parse(yaml));

    [Fact]
    public void Should_Read_Batch_Axes_And_Typed_Fills_And_Refuse_Them_Where_They_Contradict()
    {
        var inputs = Parse("""
            version: 1
            models:
              - name: m
                path: m.onnx
                inputs:
                  - { name: state, batch_axis: 1 }
                  - { name: sr, fill: constant, value: 16000 }
                  - { name: ids, shape: [batch, 3], fill: values, values: [1, 2] }
            """).Models[0].Inputs;
        Assert.Null(inputs[0].Shape);
        Assert.Equal(1, inputs[0].BatchAxis);
        Assert.False(inputs[0].FillGiven);
        Assert.Equal(FillSpec.Constant(16000, inputs[1].Fill.Seed), inputs[1].Fill);
        Assert.Equal([1d, 2d], inputs[2].Fill.Values);

        Assert.Equal((6L, 58L, "input 'state': batch_axis 0 must be where 'batch' stands in shape [2, batch, 8]; give one of them"),
            Problem("- { name: state, shape: [2, batch, 8], batch_axis: 0 }"));
        Assert.Equal((6L, 9L, "input 'sr': fill: constant needs 'value', e.g. value: 16000"), Problem("- { name: sr, fill: constant }"));
        Assert.Equal((6L, 43L, "input 'sr': 'value' belongs to fill: constant, not fill: uniform"), Problem("- { name: sr, fill: uniform, value: 3 }"));

        (long, long, string) Problem(string input)
        {
            var error = Fails($"""
                version: 1
                models:
                  - name: m
                    path: m.onnx
                    inputs:
                      {input}
                """);
            return (error.Line, error.Column, error.Problem);
        }
    }

    private const string Minimal = """
        version: 1
        models:
          - name: m
            path: m.onnx
        """;

    [Fact]
    public void Should_Fill_Defaults_For_A_Minimal_Scenario()
    {
        var scenario = Parse(Minimal);
        Assert.Equal("s", scenario.Name);
        var model = Assert.Single(scenario.Models);
        Assert.Equal(Path.Combine(folder, "m.onnx"), model.Path);
        Assert.Equal("cpu", Assert.Single(scenario.Targets).Name);
        var load = Assert.Single(scenario.Loads);
        Assert.Equal(LoadKind.SingleStream, load.Kind);
        Assert.Equal(RunRules.Defaults, scenario.Rules);
    }

    [Fact]
    public void Should_Read_Every_Section()
    {
        var scenario = Parse("""
            version: 1
            name: full
            models:
              - name: m
                path: m.onnx
                dims: { width: 320 }
                inputs:
                  - name: x
                    shape: [batch, 3, 48, width]
                    fill: normal
                    mean: 0.5
                    std: 0.25
                    seed: 9
            targets:
              - name: cpu-1t
                device: cpu
                threads: 1
                inter_op_threads: 1
                graph_optimization: extended
                execution_mode: parallel
            loads:
              - single-stream
              - type: offline
                batch_sizes: [1, 4, 8]
            run:
              warmup: 3
              min_duration: 500ms
              min_queries: 20
              max_duration: 2m
              max_queries: 5000
              timeout: 30s
              seed: 7
              until_steady: true
            """);
        Assert.Equal("full", scenario.Name);
        var input = Assert.Single(scenario.Models[0].Inputs);
        Assert.Equal(["batch", "3", "48", "width"], input.Shape!.Select(d => d.ToString()));
        Assert.Equal(new FillSpec(FillKind.Normal, 0, 1, 0.5, 0.25, 9), input.Fill);
        Assert.Equal(320, scenario.Models[0].Dimensions["width"]);
        Assert.Equal(new TargetSpec("cpu-1t", TargetDevice.Cpu, 1, 1, GraphOptimization.Extended, ExecutionMode.Parallel), scenario.Targets[0]);
        Assert.Equal([1, 4, 8], scenario.Loads[1].BatchSizes);
        Assert.Equal(new RunRules(3, TimeSpan.FromMilliseconds(500), 20, TimeSpan.FromMinutes(2), 5000, TimeSpan.FromSeconds(30), 7, UntilSteady: true), scenario.Rules);
    }

    [Fact]
    public void Should_Locate_An_Unknown_Key_And_Suggest_The_Right_One()
    {
        var error = Fails("""
            version: 1
            models:
              - name: m
                path: m.onnx
            targets:
              - name: cpu
                treads: 2
            """);
        Assert.Equal(7, error.Line);
        Assert.Equal(5, error.Column);
        Assert.Contains("unknown key 'treads' in targets[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'threads'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine(folder, "s.yaml") + ":7:5:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run:\n  min_duration: 10", 2, "expected a positive duration")]
    [InlineData("run:\n  min_queries: lots", 2, "expected a whole number")]
    [InlineData("run:\n  min_queries: 0", 2, "expected a number from 1")]
    [InlineData("loads:\n  - type: serve", 2, "expected one of: single-stream, multi-stream, server, offline, concurrency-sweep")]
    [InlineData("loads:\n  - type: server", 2, "needs either 'qps: N' (one run at that rate) or 'search: peak-qps'")]
    [InlineData("loads:\n  - type: server\n    search: peak-qps", 2, "'search: peak-qps' needs 'slo'")]
    [InlineData("loads:\n  - type: offline\n    slo: 5ms", 3, "'slo' does not apply to loads[0] (offline)")]
    [InlineData("loads:\n  - type: server\n    qps: 10\n    percentile: 100", 4, "expected a percent between 0 and 100")]
    [InlineData("loads:\n  - sideways", 2, "unknown load 'sideways'")]
    [InlineData("targets:\n  - name: gpu\n    device: tpu", 3, "'device' in targets[0] is 'tpu'")]
    [InlineData("run:\n  min_duration: 20s\n  max_duration: 10s", 3, "max_duration (10s) is below min_duration (20s)")]
    public void Should_Reject_Bad_Values_With_Their_Position(string section, int lineInSection, string expected)
    {
        var error = Fails(Minimal + "\n" + section);
        Assert.Equal(4 + lineInSection, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Report_A_Missing_Model_File_At_Its_Path_Key()
    {
        var error = Fails("version: 1\nmodels:\n  - name: m\n    path: nowhere.onnx\n");
        Assert.Equal(4, error.Line);
        Assert.Equal(11, error.Column);
        Assert.Contains("model file not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Report_Broken_Yaml_Syntax_With_A_Position()
    {
        var error = Fails("version: 1\nmodels:\n  - name: [m\n");
        Assert.True(error.Line >= 3);
        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Require_Version_1_And_A_Model_List()
    {
        Assert.Contains("version 2 is not supported", Fails("version: 2\nmodels: []").Message, StringComparison.Ordinal);
        Assert.Contains("required key 'version'", Fails("models: []").Message, StringComparison.Ordinal);
        Assert.Contains("'models' is empty", Fails("version: 1\nmodels: []").Message, StringComparison.Ordinal);
        Assert.Contains("the scenario is empty", Fails(string.Empty).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Reject_Duplicate_Names_And_Unknown_Assets()
    {
        var duplicate = Fails("version: 1\nmodels:\n  - name: m\n    path: m.onnx\n  - name: m\n    path: m.onnx\n");
        Assert.Equal(5, duplicate.Line);
        Assert.Contains("two models are named 'm'", duplicate.Message, StringComparison.Ordinal);
        var asset = Fails("version: 1\nmodels:\n  - name: m\n    asset: resnet\n");
        Assert.Contains("unknown asset 'resnet'", asset.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Plan_Stable_Ids_For_Every_Combination()
    {
        var scenario = Parse(Minimal + "\nloads:\n  - single-stream\n  - type: offline\n    batch_sizes: [2, 8]\n");
        var ids = JobPlanner.Plan(scenario).Select(j => j.Id);
        Assert.Equal(["m/fp32/cpu/single-stream", "m/fp32/cpu/offline-b2", "m/fp32/cpu/offline-b8"], ids);
    }

    [Fact]
    public void Should_Plan_A_Fidelity_Job_For_Each_Variant_Of_A_Model_Without_A_Dataset()
    {
        var scenario = Parse(Minimal + "\n    variants: [int8-dynamic]\n    fidelity: { min_cosine: 0.99, max_rel_error: 5%, samples: 40 }\nloads: [single-stream]\n");

        var jobs = JobPlanner.Plan(scenario);

        Assert.Equal(["m/fp32/cpu/single-stream", "m/int8-dynamic/cpu/fidelity", "m/int8-dynamic/cpu/single-stream"], jobs.Select(j => j.Id));
        var fidelity = jobs[1];
        Assert.Equal((LoadKind.Fidelity, 1, 40), (fidelity.Load.Kind, fidelity.BatchSize, fidelity.Load.Samples));
        Assert.Equal(new FidelitySpec(0.99, 0.05, 40), scenario.Models[0].Fidelity);
        Assert.Equal(FidelitySpec.Default, Parse(Minimal).Models[0].Fidelity);
    }

    [Fact]
    public void Should_Expand_Swept_Knobs_Into_One_Target_Each()
    {
        var scenario = Parse(Minimal + "\ntargets:\n  - name: cpu\n    threads: [1, 2]\n    graph_optimization: [basic, all]\n");
        Assert.Equal(["cpu-t1-basic", "cpu-t1-all", "cpu-t2-basic", "cpu-t2-all"], scenario.Targets.Select(t => t.Name));
        Assert.Equal([1, 1, 2, 2], scenario.Targets.Select(t => t.IntraOpThreads));
    }

    [Fact]
    public void Should_Read_Server_Multistream_And_Sweep_Loads()
    {
        var scenario = Parse(Minimal + """

            loads:
              - type: server
                search: peak-qps
                slo: 20ms
                batcher: { max_batch: 8, max_queue_delay: 2ms, preferred_sizes: [8, 4] }
              - type: server
                qps: 150
                percentile: 99.9
              - type: multi-stream
                samples_per_query: 8
                interval: 50ms
              - type: concurrency-sweep
                clients: [1, 2, 4]
                min_gain: 10%
            """);
        var search = scenario.Loads[0];
        Assert.True(search.SearchPeakQps);
        Assert.Equal(TimeSpan.FromMilliseconds(20), search.Slo);
        Assert.NotNull(search.Batcher);
        Assert.Equal(8, search.Batcher.MaxBatch);
        Assert.Equal(TimeSpan.FromMilliseconds(2), search.Batcher.MaxQueueDelay);
        Assert.Equal([4, 8], search.Batcher.PreferredSizes);
        Assert.Equal(150, scenario.Loads[1].TargetQps);
        Assert.Equal(0.999, scenario.Loads[1].Percentile, 9);
        Assert.Equal(8, scenario.Loads[2].SamplesPerQuery);
        Assert.Equal(0.1, scenario.Loads[3].MinGain, 9);
        var ids = JobPlanner.Plan(scenario).Select(j => j.Id[(j.Id.LastIndexOf('/') + 1)..]);
        Assert.Equal(["server-peak-batched", "server-qps150", "multi-stream-n8", "concurrency-sweep"], ids);
    }

    [Fact]
    public void Should_Hand_Over_Typed_Variant_Settings()
    {
        var scenario = Parse(Minimal + "\n" + """
                variants:
                  - int8-dynamic
                  - name: static-entropy
                    kind: int8-static
                    per_channel: false
                    activation_type: int8
                    calibration: { samples: 4, method: entropy, seed: 3 }
                  - kind: fp16
                    keep_io_types: false
                    exclude_ops: [Resize]
            """);
        var variants = scenario.Models[0].Variants;
        Assert.Equal(new VariantRequest("int8-dynamic", VariantKind.Int8Dynamic, null, true, QuantType.UInt8, [], [], true), variants[0]);
        var calibrated = variants[1];
        Assert.Equal(VariantKind.Int8Static, calibrated.Kind);
        Assert.False(calibrated.PerChannel);
        Assert.Equal(QuantType.Int8, calibrated.ActivationType);
        Assert.Equal(new CalibrationRequest(null, 4, CalibrationMethod.Entropy, 3), calibrated.Calibration);
        Assert.Equal(("fp16", VariantKind.Float16, false), (variants[2].Name, variants[2].Kind, variants[2].KeepIoTypes));
        Assert.Equal(["Resize"], variants[2].ExcludeOps);
    }

    [Fact]
    public void Should_Hand_Over_Typed_Accuracy_Settings()
    {
        var scenario = Parse(Minimal + "\n" + """
                accuracy:
                  dataset: ocr-lines
                  text: ignore-spaces
                  max_drop: 2%
                  shifts:
                    - kind: noise
                      strength: 0.05
                    - kind: occlusion
            """);
        var accuracy = scenario.Models[0].Accuracy!;
        Assert.Equal(TextNormalization.IgnoreSpaces, accuracy.Text);
        Assert.Equal(0.02, accuracy.MaxDrop!.Value, 9);
        Assert.Equal([new ShiftRequest(ShiftKind.GaussianNoise, 0.05), new ShiftRequest(ShiftKind.Occlusion, 0.1)], accuracy.Shifts);
    }

    [Theory]
    [InlineData("    variants:\n      - name: v\n        kind: fp16\n        keep_io_types: yes", 8, "'keep_io_types' in models[0].variants[0] is 'yes'; expected one of: true, false")]
    [InlineData("    variants:\n      - kind: int8-static\n        calibration: { method: kl }", 7, "'method' in models[0].variants[0].calibration is 'kl'; expected one of: minmax, percentile, entropy, mse")]
    [InlineData("    variants:\n      - kind: int8-dynamic\n        activation_type: int16", 7, "'activation_type' in models[0].variants[0] is 'int16'")]
    [InlineData("    variants:\n      - kind: fp16\n        calibration: { samples: 4 }", 7, "'calibration' applies to int8-static variants only, not fp16")]
    [InlineData("    variants:\n      - int7", 6, "unknown variant 'int7'; expected one of: int8-dynamic, int8-static, fp16, int4")]
    [InlineData("    accuracy:\n      dataset: ocr-lines\n      text: lower", 7, "'text' in models[0].accuracy is 'lower'; expected one of: none, trim, ignore-spaces")]
    [InlineData("    accuracy:\n      dataset: ocr-lines\n      shifts:\n        - kind: blur", 8, "'kind' in shifts[0] is 'blur'; expected one of: noise, brightness, contrast, translation, occlusion")]
    [InlineData("    accuracy:\n      dataset: mnist", 6, "unknown dataset 'mnist'; known datasets: ocr-lines, ocr-directions, fashion-mnist")]
    [InlineData("    fidelity:\n      min_cosine: 1.5", 6, "'min_cosine' in models[0].fidelity is 1.5; a cosine similarity lies between -1 and 1")]
    [InlineData("    fidelity:\n      max_rel_error: lots", 6, "'max_rel_error' in models[0].fidelity is 'lots'; expected a fraction such as 5% or 0.05")]
    [InlineData("    fidelity:\n      min_cosin: 0.9", 6, "min_cosine")]
    public void Should_Reject_Bad_Model_Settings_With_Their_Position(string modelLines, int line, string expected)
    {
        var error = Fails(Minimal + "\n" + modelLines + "\n");
        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Hand_Over_Typed_Execution_Settings_And_Name_Swept_Targets_As_Written()
    {
        var scenario = Parse(Minimal + "\ntargets:\n  - name: cpu\n    graph_optimization: [disabled, all]\n    execution_mode: [sequential, parallel]\n");
        Assert.Equal(["cpu-disabled-sequential", "cpu-disabled-parallel", "cpu-all-sequential", "cpu-all-parallel"], scenario.Targets.Select(t => t.Name));
        Assert.Equal(
            [(GraphOptimization.Disabled, ExecutionMode.Sequential), (GraphOptimization.Disabled, ExecutionMode.Parallel), (GraphOptimization.All, ExecutionMode.Sequential), (GraphOptimization.All, ExecutionMode.Parallel)],
            scenario.Targets.Select(t => (t.GraphOptimization, t.ExecutionMode)));
        Assert.Equal(TargetSpec.DefaultCpu, Assert.Single(Parse(Minimal).Targets));
    }

    [Fact]
    public void Should_Give_Every_Variant_Kind_One_Entry_Whose_Transform_Is_Made_From_It()
    {
        Assert.Equal(Enum.GetValues<VariantKind>(), VariantKinds.All.Select(e => e.Kind));
        foreach (var entry in VariantKinds.All)
        {
            var request = new VariantRequest(entry.Name, entry.Kind, CalibrationRequest.Default, true, QuantType.UInt8, [], [], true)
            {
                Distillation = entry.Kind == VariantKind.Distilled ? new DistillationRequest("mlp", "fashion-mnist", 10, new(), false, false) : null,
            };
            var transform = VariantPreparer.TransformFor(request, () => new RandomCalibrationData(new Dictionary<string, long[]> { ["x"] = [1, 4] }, 2, 1));
            Assert.Equal(entry.Kind, VariantKinds.ByName[entry.Name]);
            Assert.Equal(entry.Kind, VariantKinds.ByName[entry.ShortName]);
            Assert.False(string.IsNullOrEmpty(transform.Kind));
        }
    }

    [Fact]
    public void Should_Parse_Every_Shipped_Scenario()
    {
        // prices.yaml and devices.yaml are tables the scenarios read, not scenarios (their own tests read them).
        var tables = new[] { "prices.yaml", "devices.yaml" };
        foreach (var path in Directory.GetFiles(Path.Combine(TestAssets.RepositoryRoot, "scenarios"), "*.yaml").Where(p => !tables.Contains(Path.GetFileName(p))))
        {
            var scenario = ScenarioParser.ParseFile(path);
            Assert.NotEmpty(JobPlanner.Plan(scenario));
        }
    }
}
