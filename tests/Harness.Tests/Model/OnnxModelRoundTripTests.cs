using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Tests.Model;

/// <summary>
/// Real models survive our reader and writer unchanged. A later runtime test can run the original
/// and <see cref="Converted"/> copies through ONNX Runtime and compare outputs bit for bit.
/// </summary>
public sealed class OnnxModelRoundTripTests
{
    public static TheoryData<string> RealModels => new() { TestAssets.Classifier, TestAssets.Recognizer, TestAssets.Detector };

    [Theory]
    [MemberData(nameof(RealModels))]
    public void Load_ToBytes_Parse_gives_an_equal_model_and_the_original_bytes(string path)
    {
        var model = OnnxModel.Load(path);

        var bytes = model.ToBytes();
        var reparsed = OnnxModel.Parse(bytes, path);

        Assert.Equal(model.Proto, reparsed.Proto);
        // The PaddleOCR files were written in field order by protobuf's C++ writer, as ours writes:
        // byte equality proves nothing was dropped, reordered or re-encoded.
        Assert.Equal(File.ReadAllBytes(path), bytes);
    }

    [Theory]
    [MemberData(nameof(RealModels))]
    public void Save_then_Load_gives_an_equal_model(string path)
    {
        var converted = Converted(path);

        Assert.Equal(OnnxModel.Load(path).Proto, OnnxModel.Load(converted).Proto);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(converted)!, "*.tmp-*"));
    }

    [Fact]
    public void Unknown_fields_survive_a_round_trip()
    {
        // Field 99 as a varint (tag 99<<3|0 = 0x98 0x06, value 300 = 0xAC 0x02) and field 25 (ModelProto.functions,
        // which our proto does not name) as a length-delimited blob: both must come back byte for byte.
        byte[] varintField = [0x98, 0x06, 0xAC, 0x02];
        byte[] functionsField = [0xCA, 0x01, 0x03, 0x0A, 0x01, 0x66];
        var bytes = File.ReadAllBytes(TestAssets.Classifier).Concat(varintField).Concat(functionsField).ToArray();

        var model = OnnxModel.Parse(bytes, "with-unknown-fields.onnx");
        var path = Path.Combine(TestAssets.NewScratchDirectory("unknown-fields"), "model.onnx");
        model.Save(path);
        var written = File.ReadAllBytes(path);

        Assert.Equal(bytes, model.ToBytes());
        Assert.Equal(bytes, written);
        Assert.Equal(model.Proto, OnnxModel.Load(path).Proto);
        Assert.NotEqual(model.Proto, ModelProto.Parser.WithDiscardUnknownFields(true).ParseFrom(bytes));
    }

    [Fact]
    public void Save_replaces_an_existing_file_whole()
    {
        var path = Path.Combine(TestAssets.NewScratchDirectory("replace"), "model.onnx");
        File.WriteAllText(path, "an older, longer file that must not leave a tail behind ...........................");
        var model = TinyModels.Add();

        model.Save(path);

        Assert.Equal(model.ToBytes(), File.ReadAllBytes(path));
    }

    /// <summary>Writes <paramref name="path"/> through Load and Save into a scratch folder; returns the copy's path.</summary>
    internal static string Converted(string path)
    {
        var target = Path.Combine(TestAssets.NewScratchDirectory("converted"), Path.GetFileName(path));
        OnnxModel.Load(path).Save(target);
        return target;
    }
}
