using Harness.Onnx.Model;

namespace Harness.Tests.Model;

public sealed class TestDataDirectoryTests
{
    private readonly string scratch = TestAssets.NewScratchDirectory("test-data");

    [Fact]
    public void Written_sets_load_back_with_names_and_values()
    {
        TestDataSet[] sets =
        [
            Set(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, new[] { 10f, 20f, 30f, 40f, 50f, 60f }),
            Set(new[] { -1f, 0f, 1f }, new[] { 0.5f, 0.5f, 0.5f }, rows: 1),
        ];

        var written = TestDataDirectory.Write(scratch, TinyModels.Add(), sets);
        var loaded = TestDataDirectory.Load(scratch);

        Assert.Equal(Path.Combine(scratch, "model.onnx"), loaded.ModelPath);
        Assert.Equal(["test_data_set_0", "test_data_set_1"], loaded.Sets.Select(s => s.Name));
        for (var i = 0; i < sets.Length; i++)
        {
            Assert.Equal(sets[i].Inputs, loaded.Sets[i].Inputs);
            Assert.Equal(sets[i].ExpectedOutputs, loaded.Sets[i].ExpectedOutputs);
        }

        Assert.Equal(loaded.Sets.SelectMany(s => s.Inputs), written.Sets.SelectMany(s => s.Inputs));
        Assert.True(File.Exists(Path.Combine(scratch, "test_data_set_1", "input_1.pb")));
    }

    [Fact]
    public void Unnamed_tensors_take_the_graph_order_and_sets_sort_by_number()
    {
        var unnamed = Enumerable.Range(0, 11)
            .Select(i => new TestDataSet("", [Tensor("", i), Tensor("", -i)], [Tensor("", 0)]))
            .ToList();

        var loaded = TestDataDirectory.Write(scratch, TinyModels.Add(), unnamed);

        Assert.Equal(["a", "b"], loaded.Sets[0].Inputs.Select(t => t.Name));
        Assert.Equal(["c"], loaded.Sets[0].ExpectedOutputs.Select(t => t.Name));
        Assert.Equal(10f, loaded.Sets[10].Inputs[0].ToArray<float>()[0]);
    }

    [Fact]
    public void A_missing_folder_is_reported()
    {
        var error = Assert.Throws<ModelFormatException>(() => TestDataDirectory.Load(Path.Combine(scratch, "nope")));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_model_onnx_is_reported()
    {
        Directory.CreateDirectory(Path.Combine(scratch, "test_data_set_0"));

        var error = Assert.Throws<ModelFormatException>(() => TestDataDirectory.Load(scratch));

        Assert.Contains("has no model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_sets_is_reported()
    {
        TinyModels.Add().Save(Path.Combine(scratch, "model.onnx"));

        var error = Assert.Throws<ModelFormatException>(() => TestDataDirectory.Load(scratch));

        Assert.Contains("no test_data_set_N folders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_tensor_file_is_reported_with_its_path()
    {
        TestDataDirectory.Write(scratch, TinyModels.Add(), [Set(new[] { 1f, 2f, 3f }, new[] { 4f, 5f, 6f }, rows: 1)]);
        var broken = Path.Combine(scratch, "test_data_set_0", "input_1.pb");
        File.WriteAllBytes(broken, [0xFF, 0xFF, 0xFF]);

        var error = Assert.Throws<ModelFormatException>(() => TestDataDirectory.Load(scratch));

        Assert.Contains(broken, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a serialized ONNX tensor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_named_for_no_graph_input_is_reported()
    {
        TestDataSet set = new("", [Tensor("a", 1), Tensor("typo", 2)], [Tensor("c", 3)]);

        var error = Assert.Throws<ModelFormatException>(() => TestDataDirectory.Write(scratch, TinyModels.Add(), [set]));

        Assert.Contains("'typo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[a, b]", error.Message, StringComparison.Ordinal);
    }

    private static TestDataSet Set(float[] a, float[] b, int rows = 2)
    {
        var sum = a.Zip(b, (x, y) => x + y).ToArray();
        return new TestDataSet(
            "",
            [TensorValue.Create("a", a, rows, 3), TensorValue.Create("b", b, rows, 3)],
            [TensorValue.Create("c", sum, rows, 3)]);
    }

    private static TensorValue Tensor(string name, float value) => TensorValue.Create(name, new[] { value, value, value }, 1, 3);
}
