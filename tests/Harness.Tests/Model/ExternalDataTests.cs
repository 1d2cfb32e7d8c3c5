using Harness.Onnx.Model;

namespace Harness.Tests.Model;

public sealed class ExternalDataTests
{
    private readonly string scratch = TestAssets.NewScratchDirectory("external-data");

    [Fact]
    public void An_initializer_moved_to_an_external_file_reads_back_equal_after_Load_and_Save()
    {
        var (modelPath, weights) = ModelWithExternalWeights(scratch);

        var loaded = OnnxModel.Load(modelPath);
        var copyPath = Path.Combine(TestAssets.NewScratchDirectory("external-copy"), "copy.onnx");
        loaded.Save(copyPath);
        Directory.Delete(scratch, recursive: true); // the copy must not depend on the source folder
        var copy = OnnxModel.Load(copyPath);

        Assert.True(loaded.HasExternalData);
        Assert.True(File.Exists(OnnxModel.ExternalDataPathFor(copyPath)));
        Assert.Equal(weights, copy.ReadTensorBytes(copy.FindInitializer("w")!));
        Assert.Equal([1f, -2f, 3f, -4f], TensorData.ToArray<float>(copy.FindInitializer("b")!));
        Assert.Equal("copy.onnx.data", ExternalDataReference.Read(copy.FindInitializer("w")!, copyPath).Location);
    }

    [Fact]
    public void Saving_over_the_model_it_was_loaded_from_keeps_the_data_valid()
    {
        var (modelPath, weights) = ModelWithExternalWeights(scratch);

        OnnxModel.Load(modelPath).Save(modelPath);
        OnnxModel.Load(modelPath).Save(modelPath); // now reading from and writing to model.onnx.data
        var reloaded = OnnxModel.Load(modelPath);

        Assert.Equal(weights, reloaded.ReadTensorBytes(reloaded.FindInitializer("w")!));
        Assert.Empty(Directory.GetFiles(scratch, "*.tmp-*"));
    }

    [Fact]
    public void Large_tensors_start_on_a_64_KiB_boundary()
    {
        var big = new float[1 << 18]; // 1 MiB
        for (var i = 0; i < big.Length; i++)
        {
            big[i] = i;
        }

        var model = TinyModels.MatMulAdd();
        model.Graph.Initializer.Add(TensorData.Create<float>("big", big, [big.Length]));
        var path = Path.Combine(scratch, "model.onnx");
        MoveToExternal(model, "b", "small.bin", path);
        MoveToExternal(model, "big", "big.bin", path);
        File.WriteAllBytes(path, model.ToBytes());

        var target = Path.Combine(scratch, "out", "model.onnx");
        OnnxModel.Load(path).Save(target);
        var saved = OnnxModel.Load(target);

        Assert.Equal(0, ExternalDataReference.Read(saved.FindInitializer("big")!, target).Offset % (1 << 16));
        Assert.Equal(big, saved.ReadTensor(saved.FindInitializer("big")!).ToArray<float>());
    }

    [Fact]
    public void A_missing_external_data_file_fails_at_load_with_its_name()
    {
        var (modelPath, _) = ModelWithExternalWeights(scratch);
        File.Delete(Path.Combine(scratch, "weights.bin"));

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(modelPath));

        Assert.Contains("weights.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_external_data_file_fails_at_load()
    {
        var (modelPath, _) = ModelWithExternalWeights(scratch);
        using (var stream = File.OpenWrite(Path.Combine(scratch, "weights.bin")))
        {
            stream.SetLength(20);
        }

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(modelPath));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_location_outside_the_model_folder_is_refused()
    {
        var model = TinyModels.MatMulAdd();
        new ExternalDataReference("../secret.bin", 0, 64).WriteTo(model.FindInitializer("w")!);
        var path = Path.Combine(scratch, "model.onnx");
        File.WriteAllBytes(path, model.ToBytes());

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(path));

        Assert.Contains("outside the model's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_a_folder_cannot_read_external_tensors()
    {
        var (modelPath, _) = ModelWithExternalWeights(scratch);
        var parsed = OnnxModel.Parse(File.ReadAllBytes(modelPath), "bytes");

        var error = Assert.Throws<ModelFormatException>(() => parsed.ReadTensorBytes(parsed.FindInitializer("w")!));

        Assert.Contains("no folder", error.Message, StringComparison.Ordinal);
    }

    /// <summary>MatMul+Add model in <paramref name="folder"/> whose "w" lives at offset 10 of weights.bin.</summary>
    private static (string ModelPath, byte[] Weights) ModelWithExternalWeights(string folder)
    {
        var model = TinyModels.MatMulAdd();
        var path = Path.Combine(folder, "model.onnx");
        var weights = MoveToExternal(model, "w", "weights.bin", path, leadingBytes: 10);
        File.WriteAllBytes(path, model.ToBytes());
        return (path, weights);
    }

    private static byte[] MoveToExternal(OnnxModel model, string initializer, string fileName, string modelPath, int leadingBytes = 0)
    {
        var tensor = model.FindInitializer(initializer)!;
        var bytes = TensorData.GetBytes(tensor);
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(modelPath)!, fileName), [.. new byte[leadingBytes], .. bytes]);
        new ExternalDataReference(fileName, leadingBytes, bytes.Length).WriteTo(tensor);
        return bytes;
    }
}
