using System.Collections.ObjectModel;
using Harness.Onnx;
using Harness.Onnx.Model;

namespace Harness.Data;

/// <summary>
/// The ONNX test-data layout (<c>model.onnx</c> with <c>test_data_set_N/input_M.pb</c>), read
/// through <see cref="TestDataDirectory"/>. Each set is one sample of already-prepared model
/// inputs, so tensors pass through unchanged (<see cref="Preprocessing.Raw"/>); every input must
/// carry a leading batch axis of 1, which batching stacks along. Optionally each sample is
/// labelled with the arg-max of its first expected output: the class the reference run chose.
/// </summary>
public sealed class OnnxTestDataDataset : IDataset
{
    private static readonly IReadOnlyDictionary<string, string> NoSlices = ReadOnlyDictionary<string, string>.Empty;

    private readonly TestDataDirectory _directory;

    public OnnxTestDataDataset(string folder, bool labelWithExpectedArgMax = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        try
        {
            _directory = TestDataDirectory.Load(folder);
        }
        catch (ModelFormatException e)
        {
            throw new DatasetException(e.Message, folder, null, e);
        }

        if (_directory.Sets.Count == 0)
        {
            throw DatasetException.InFile(folder, "has no test data sets: the dataset is empty.");
        }

        if (labelWithExpectedArgMax)
        {
            ClassCount = ClassCountOf(_directory.Sets[0]);
        }

        LabelKind = labelWithExpectedArgMax ? LabelKind.Class : LabelKind.None;
    }

    /// <summary>The folder's model.onnx, the model the inputs were made for.</summary>
    public string ModelPath => _directory.ModelPath;

    public string Name => Path.GetFileName(Path.TrimEndingDirectorySeparator(_directory.Directory));

    public string Source => _directory.Directory;

    public int Count => _directory.Sets.Count;

    public LabelKind LabelKind { get; }

    public int? ClassCount { get; }

    public Preprocessing Preprocessing => Preprocessing.Raw;

    public IEnumerable<SampleBatch> ReadBatches(int batchSize, int limit = int.MaxValue)
    {
        var total = BatchAssembler.Total(this, batchSize, limit);
        return BatchAssembler.Assemble(ReadSamples(total), total, batchSize, Preprocessing, Source);
    }

    private int ClassCountOf(TestDataSet set)
    {
        if (set.ExpectedOutputs.Count == 0 || set.ExpectedOutputs[0].ElementType != TensorElementType.Float || set.ExpectedOutputs[0].Dims.Length == 0)
        {
            throw DatasetException.InFile(
                Path.Combine(_directory.Directory, set.Name), "has no float output_0.pb to take labels from; open it without labels instead.");
        }

        return checked((int)set.ExpectedOutputs[0].Dims[^1]);
    }

    private IEnumerable<RawSample> ReadSamples(int total)
    {
        for (var i = 0; i < total; i++)
        {
            var set = _directory.Sets[i];
            var folder = Path.Combine(_directory.Directory, set.Name);
            var tensors = new SampleTensor[set.Inputs.Count];
            for (var t = 0; t < tensors.Length; t++)
            {
                var value = set.Inputs[t];
                if (value.Dims.Length == 0 || value.Dims[0] != 1)
                {
                    throw DatasetException.InSample(
                        folder, set.Name, $"input '{value.Name}' has shape [{string.Join(", ", value.Dims)}]; each set must hold one sample, with a leading batch axis of 1.");
                }

                tensors[t] = new SampleTensor(value.Name, value.ElementType, Array.ConvertAll(value.Dims[1..], d => checked((int)d)), SampleLayout.Tensor, value.Data);
            }

            var label = LabelKind == LabelKind.Class ? SampleLabel.Class(ArgMax(set, folder)) : SampleLabel.None;
            yield return new RawSample(new SampleInfo(i, set.Name, label, NoSlices), tensors);
        }
    }

    private int ArgMax(TestDataSet set, string folder)
    {
        var output = set.ExpectedOutputs.Count > 0 ? set.ExpectedOutputs[0] : null;
        if (output is null || output.ElementType != TensorElementType.Float || output.Dims.Length == 0 || output.Dims[^1] != ClassCount)
        {
            throw DatasetException.InSample(folder, set.Name, $"has no float output_0.pb with {ClassCount} classes to take its label from.");
        }

        var scores = output.ToArray<float>().AsSpan(0, ClassCount!.Value);
        var best = 0;
        for (var c = 1; c < scores.Length; c++)
        {
            if (scores[c] > scores[best])
            {
                best = c;
            }
        }

        return best;
    }
}
