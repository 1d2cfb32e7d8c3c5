using Harness.Onnx.Model;

namespace Harness.Tests.Model;

/// <summary>Every way a model file can be unusable ends in one ModelFormatException that names the file and says what to do.</summary>
public sealed class OnnxModelErrorTests
{
    private readonly string scratch = TestAssets.NewScratchDirectory("bad-models");

    [Fact]
    public void Missing_file_says_it_does_not_exist()
    {
        var path = Path.Combine(scratch, "nope.onnx");

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_not_a_model_file()
    {
        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(scratch));

        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_says_it_is_empty()
    {
        var path = Write("empty.onnx", []);

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_are_not_an_onnx_model()
    {
        var garbage = new byte[4096];
        new Random(20240601).NextBytes(garbage);
        var path = Write("garbage.onnx", garbage);

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("ONNX model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_happens_to_parse_as_protobuf_is_not_a_model()
    {
        // "hi" is field 13 (varint) = 105 to protobuf: a valid message of unknown fields, so only
        // the check for a graph can tell it is not a model.
        var path = Write("notes.onnx", "hi"u8.ToArray());

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(path));

        Assert.Contains("not an ONNX model", error.Message, StringComparison.Ordinal);
        Assert.Contains("no graph", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void First_half_of_a_real_model_says_truncated()
    {
        var bytes = File.ReadAllBytes(TestAssets.Classifier);
        var path = Write("half.onnx", bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(scratch, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
