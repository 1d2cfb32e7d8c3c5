using System.Globalization;
using System.Text;
using Harness.Data;
using Harness.Data.Shifts;

namespace Harness.Tests.Data.Shifts;

/// <summary>Hand-made 8-bit images as Netpbm datasets, and what a shift makes of them.</summary>
internal static class ShiftImages
{
    /// <summary>
    /// A folder of <paramref name="count"/> copies of one image (row-major, interleaved samples),
    /// labelled 0, 1, 0, … with a slice "copy=i" each, read with <paramref name="preprocessing"/>
    /// (by default the stored values as float32 NCHW).
    /// </summary>
    public static NetpbmDataset Dataset(
        string scratch, int width, int height, int channels, int[] samples, Preprocessing? preprocessing = null, int count = 1)
    {
        var folder = Directory.CreateDirectory(Path.Combine(scratch, Guid.NewGuid().ToString("N")[..8])).FullName;
        var labels = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"image-{i}.{(channels == 1 ? "pgm" : "ppm")}");
            DatasetFiles.WritePnm(Path.Combine(folder, name), width, height, channels, samples, ascii: false);
            labels.Append(CultureInfo.InvariantCulture, $"{name}\t{i % 2}\tcopy={i}\n");
        }

        File.WriteAllText(Path.Combine(folder, "labels.tsv"), labels.ToString());
        return new NetpbmDataset(folder, preprocessing ?? Preprocessing.Default, classCount: 2);
    }

    /// <summary>Every sample's model input, in dataset order.</summary>
    public static float[][] Inputs(IDataset dataset, int batchSize = 1) =>
        [.. dataset.ReadBatches(batchSize).SelectMany(batch => Enumerable.Range(0, batch.Count).Select(i =>
        {
            var tensor = batch.Inputs[0];
            var perSample = tensor.SampleByteCount / sizeof(float);
            return tensor.GetSpan<float>().Slice(i * perSample, perSample).ToArray();
        }))];

    /// <summary>The first sample's model input after <paramref name="shift"/>.</summary>
    public static float[] Shifted(string scratch, int width, int height, int channels, int[] samples, ShiftSpec shift, Preprocessing? preprocessing = null) =>
        Inputs(new ShiftedDataset(Dataset(scratch, width, height, channels, samples, preprocessing), shift))[0];
}
