using System.CommandLine;
using System.Text.Json;
using Harness.Cli;
using Harness.Onnx.Model;

namespace Harness.Tests.Cli;

/// <summary>The inspect and convert verbs, invoked in-process with their output captured.</summary>
public sealed class ModelCommandsTests
{
    private readonly string scratch = TestAssets.NewScratchDirectory("cli");

    [Fact]
    public void Inspect_json_prints_the_summary_and_exits_0()
    {
        var (exitCode, output, error) = Run("inspect", TestAssets.Classifier, "--json");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("x", json.RootElement.GetProperty("inputs")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Inspect_prints_plain_tables_when_captured()
    {
        var (exitCode, output, _) = Run("inspect", TestAssets.Classifier);

        Assert.Equal(0, exitCode);
        Assert.Contains("Conv", output, StringComparison.Ordinal);
        Assert.Contains("float32", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output); // no terminal escape codes in captured output
    }

    [Fact]
    public void Inspect_of_a_missing_model_prints_one_error_line_and_exits_2()
    {
        var missing = Path.Combine(scratch, "missing.onnx");

        var (exitCode, output, error) = Run("inspect", missing);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Inspect_of_a_truncated_model_exits_2_without_a_stack_trace()
    {
        var bytes = File.ReadAllBytes(TestAssets.Classifier);
        var path = Path.Combine(scratch, "half.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var (exitCode, _, error) = Run("inspect", path, "--json");

        Assert.Equal(2, exitCode);
        Assert.Contains("truncated", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_writes_a_model_that_loads_equal_and_says_how_big_it_is()
    {
        var target = Path.Combine(scratch, "out", "cls.onnx");

        var (exitCode, output, error) = Run("convert", TestAssets.Classifier, target);

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Contains($"wrote {target} ({new FileInfo(target).Length:N0} bytes)", output, StringComparison.Ordinal);
        Assert.Equal(OnnxModel.Load(TestAssets.Classifier).Proto, OnnxModel.Load(target).Proto);
    }

    [Fact]
    public void Convert_of_a_missing_model_exits_2_and_writes_nothing()
    {
        var target = Path.Combine(scratch, "never.onnx");

        var (exitCode, _, error) = Run("convert", Path.Combine(scratch, "missing.onnx"), target);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Convert_onto_a_device_file_is_refused_and_leaves_the_device_alone()
    {
        var (exitCode, _, error) = Run("convert", TestAssets.Classifier, "/dev/null");

        Assert.Equal(2, exitCode);
        Assert.Contains("not a regular file", error, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo("/dev/null").Length);
        using var device = File.OpenWrite("/dev/null"); // still a device: writes vanish instead of landing in a file
        device.Write(new byte[4096]);
        device.Flush();
        Assert.Equal(0, new FileInfo("/dev/null").Length);
    }

    [Fact]
    public void Convert_onto_its_own_input_is_refused_unless_forced()
    {
        var model = Path.Combine(scratch, "m.onnx");
        File.Copy(TestAssets.Classifier, model);
        var link = Path.Combine(scratch, "alias.onnx");
        File.CreateSymbolicLink(link, model);
        var before = File.GetLastWriteTimeUtc(model);

        var (exitCode, _, error) = Run("convert", model, link);

        Assert.Equal(2, exitCode);
        Assert.Contains("is the input model itself", error, StringComparison.Ordinal);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        Assert.Equal(before, File.GetLastWriteTimeUtc(model));

        var (forced, _, forcedError) = Run("convert", model, model, "--force");
        Assert.Equal(0, forced);
        Assert.Empty(forcedError);
        Assert.Equal(OnnxModel.Load(TestAssets.Classifier).Proto, OnnxModel.Load(model).Proto);
    }

    [Fact]
    public void Convert_onto_a_folder_names_a_file_to_use_instead()
    {
        var (exitCode, _, error) = Run("convert", TestAssets.Classifier, scratch);

        Assert.Equal(2, exitCode);
        Assert.Contains("is a folder", error, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = CommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
