using Harness.Plan;

namespace Harness.Tests.Plan;

/// <summary>Malformed or extreme scenario files: each must become one located message, never a stack trace.</summary>
public sealed class ScenarioRobustnessTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("scenario-robust");

    public ScenarioRobustnessTests() => File.WriteAllBytes(Path.Combine(folder, "m.onnx"), [1]);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string ScenarioPath => Path.Combine(folder, "s.yaml");

    private ScenarioException Fails(string yaml) => Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(yaml, ScenarioPath));

    private const string Minimal = "version: 1\nmodels:\n  - name: m\n    path: m.onnx\n";

    [Fact]
    public void Should_Say_A_Folder_Is_Not_A_Scenario_And_Name_Its_Yaml_Files()
    {
        File.WriteAllText(ScenarioPath, Minimal);

        var error = Assert.Throws<ScenarioException>(() => ScenarioParser.ParseFile(folder));

        Assert.Equal($"{folder} is a folder, not a scenario file; name one of its YAML files, e.g. s.yaml", error.Message);
    }

    [Fact]
    public void Should_Locate_A_Load_Repeated_In_The_Same_List()
    {
        var error = Fails(Minimal + "loads:\n  - single-stream\n  - type: offline\n    batch_sizes: [2]\n  - single-stream\n");

        Assert.StartsWith($"{ScenarioPath}:9:5: loads[2] repeats the load 'single-stream'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version: 1\nmodels: [ { name: m, path: m.onnx }\n")]
    [InlineData("version: 1\nmodels:\n  - { name: m, path: m.onnx\n")]
    [InlineData("version: 1\nmodels:\n  - name: m\n    path: m.onnx\n    dims: { width: 3\n")]
    [InlineData("version: 1\nmodels:\n  - name: m\n    path: m.onnx\n    inputs:\n      - name: x\n        shape: [1, 3\n")]
    [InlineData("version: 1\nmodels: [\n")]
    [InlineData("version: 1\nmodels: {\n")]
    [InlineData("version: 1\nname: \"open\nmodels: []\n")]
    [InlineData("version: 1\nmodels: *nowhere\n")]
    [InlineData("version: 1\n\tmodels: []\n")]
    public void Should_Turn_Every_Yaml_Failure_Into_A_Located_Message(string yaml)
    {
        var error = Fails(yaml);
        Assert.StartsWith($"{ScenarioPath}:{error.Line}:{error.Column}: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 1 && error.Column >= 1, error.Message);
    }

    [Theory]
    [InlineData("run:\n  min_duration: 99999999999999s", "'min_duration' in run is '99999999999999s'; expected at most 168h")]
    [InlineData("run:\n  timeout: 1e300h", "'timeout' in run is '1e300h'; expected at most")]
    [InlineData("loads:\n  - type: server\n    qps: 10\n    slo: 99999999999999999ms", "'slo' in loads[0] is '99999999999999999ms'; expected at most 168h")]
    [InlineData("run:\n  min_queries: 99999999999999", "'min_queries' in run is 99999999999999; expected a number from 1 to 100000000")]
    [InlineData("targets:\n  - name: cpu\n    threads: 99999999999", "'threads' in targets[0] is 99999999999; expected a number from 0 to 1024")]
    [InlineData("run:\n  seed: 99999999999999999999999", "'seed' in run is 99999999999999999999999; expected a number from -2147483648 to 2147483647")]
    [InlineData("loads:\n  - type: server\n    qps: 10000000", "'qps' in loads[0] (server) is 10000000; expected a rate above 0 and at most 1000000")]
    [InlineData("loads:\n  - type: server\n    qps: 1e400", "'qps' in loads[0] is '1e400'; expected a number (a finite one")]
    public void Should_Range_Check_Huge_Values(string section, string expected)
    {
        var error = Fails(Minimal + section);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{ScenarioPath}:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    dims: { width: 99999999999 }", 5, "'dims.width' in models[0] is 99999999999; expected a number from 1 to 2147483647")]
    [InlineData("    inputs:\n      - name: x\n        shape: [1, 99999999999999999999]", 7, "dimension 99999999999999999999 in input 'x' must be from 1 to 2147483648")]
    [InlineData("    inputs:\n      - name: x\n        shape: [1, 3]\n        seed: 1e99", 8, "'seed' in models[0].inputs[0] is '1e99'; expected a whole number from -2147483648 to 2147483647")]
    public void Should_Range_Check_Huge_Values_In_A_Model(string modelLines, int line, string expected)
    {
        var error = Fails(Minimal + modelLines + "\n");
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Should_Refuse_A_Timeout_Shorter_Than_The_Minimum_Duration()
    {
        var error = Fails(Minimal + "run:\n  min_duration: 30s\n  timeout: 10s\n");
        Assert.Equal($"{ScenarioPath}:7:12: 'timeout' (10s) is not above min_duration (30s): every job would be killed before it could finish; raise timeout or lower min_duration", error.Message);
    }

    [Fact]
    public void Should_Refuse_A_Default_Timeout_Below_A_Long_Minimum_Duration()
    {
        var error = Fails(Minimal + "run:\n  min_duration: 10m\n  max_duration: 20m\n");
        Assert.Contains("'timeout' (300s) is not above min_duration (600s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, error.Line);
    }
}
