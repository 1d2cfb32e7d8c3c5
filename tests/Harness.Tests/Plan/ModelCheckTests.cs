using Harness.Onnx.Runtime;
using Harness.Plan;
using Harness.Tests.Measure;

namespace Harness.Tests.Plan;

/// <summary>A scenario's model files are opened and their inputs resolved when the scenario is read, before any job.</summary>
public sealed class ModelCheckTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("harness-model-check-").FullName;

    public ModelCheckTests() => UserModels.Recurrent().Save(Path.Combine(folder, "rnn.onnx"));

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Should_Accept_A_Model_Whose_Inputs_All_Resolve()
    {
        var scenario = Read("""
            version: 1
            models:
              - name: rnn
                path: rnn.onnx
                inputs:
                  - { name: sr, fill: constant, value: 16000 }
                  - { name: x, shape: [batch, 4], fill: uniform, low: -1, high: 1 }
            """);
        Assert.Equal(2, scenario.Models[0].Inputs.Count);
    }

    [Fact]
    public void Should_Refuse_An_Integer_Input_Without_A_Fill_At_The_Models_Path()
    {
        var error = Assert.Throws<ScenarioException>(() => Read("""
            version: 1
            models:
              - name: rnn
                path: rnn.onnx
            """));
        Assert.Equal((4L, 11L), (error.Line, error.Column));
        Assert.StartsWith("model 'rnn' input 'sr' is int64, and Harness does not guess integer values", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_An_Input_The_Model_Lacks_At_Its_Inputs()
    {
        var error = Assert.Throws<ScenarioException>(() => Read("""
            version: 1
            models:
              - name: rnn
                path: rnn.onnx
                inputs:
                  - { name: sr, fill: constant, value: 16000 }
                  - { name: hidden, shape: [2, batch, 8] }
            """));
        Assert.Equal((6L, 7L), (error.Line, error.Column));
        Assert.Equal("model 'rnn' has no input 'hidden'; its inputs are: x, state, sr", error.Problem);
    }

    [Fact]
    public void Should_Refuse_A_Rank_Or_Fill_That_Does_Not_Fit_The_Model()
    {
        var rank = Assert.Throws<ScenarioException>(() => Read("""
            version: 1
            models:
              - name: rnn
                path: rnn.onnx
                inputs:
                  - { name: sr, fill: constant, value: 16000 }
                  - { name: state, shape: [batch, 8] }
            """));
        Assert.Contains("input 'state' has 3 dimensions [2, batch, 8], but the scenario gives 2", rank.Problem, StringComparison.Ordinal);
        var fill = Assert.Throws<ScenarioException>(() => Read("""
            version: 1
            models:
              - name: rnn
                path: rnn.onnx
                inputs:
                  - { name: sr, fill: normal, mean: 16000, std: 1 }
            """));
        Assert.Contains("input 'sr' is int64: a normal fill makes fractions", fill.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Say_What_Is_Wrong_With_A_Corrupt_Model_At_Its_Path()
    {
        File.WriteAllBytes(Path.Combine(folder, "broken.onnx"), [0x08, 0x07, 0x12, 0xff, 0xff, 0x3a, 0x01]);
        var error = Assert.Throws<ScenarioException>(() => Read("""
            version: 1
            models:
              - name: broken
                path: broken.onnx
            """));
        Assert.Equal((4L, 11L), (error.Line, error.Column));
        Assert.StartsWith("model 'broken': ", error.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("onnxruntime/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Strip_ONNX_Runtimes_Source_Locations_From_Its_Messages()
    {
        const string Ort = "Load model from /tmp/m.onnx failed:/onnxruntime_src/onnxruntime/core/graph/model.cc:180 " +
            "onnxruntime::Model::Model(onnx::ModelProto&&, const PathString&, const IOnnxRuntimeOpSchemaRegistryList*, const onnxruntime::logging::Logger&, const onnxruntime::ModelOptions&) " +
            "Unsupported model IR version: 99, max supported IR version: 11";
        Assert.Equal(
            "Load model from /tmp/m.onnx failed:Unsupported model IR version: 99, max supported IR version: 11",
            OrtException.WithoutSourceLocations(Ort));
        Assert.Equal("plain message", OrtException.WithoutSourceLocations("plain message"));
    }

    private Scenario Read(string yaml)
    {
        var path = Path.Combine(folder, "s.yaml");
        File.WriteAllText(path, yaml);
        return ScenarioParser.ParseFile(path);
    }
}
