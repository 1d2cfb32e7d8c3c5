using System.Diagnostics;
using System.Globalization;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;
using Harness.Optimize.Precision;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Quantization.Dynamic;
using Harness.Optimize.Quantization.Static;
using Harness.Optimize.Variants;
using Harness.Tests.Runtime;
using Xunit.Abstractions;

namespace Harness.Tests.Optimize;

/// <summary>Runs only with HARNESS_MEASURE=1: it takes about a minute and wants a quiet machine.</summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("HARNESS_MEASURE") != "1")
        {
            Skip = "Measurement, not a test: set HARNESS_MEASURE=1 to run it.";
        }
    }
}

/// <summary>
/// File size and single-stream latency of the variants of the PaddleOCR recognizer and detector
/// against float32, one intra-op thread each. Until the harness measures variants itself, this is
/// how the numbers in the issue are taken: fp32 and variant runs alternate in blocks of ten, so
/// load from other processes falls on both alike, and each side's p50 is over 100 runs.
/// </summary>
public sealed class VariantLatencyMeasurement(ITestOutputHelper output)
{
    private const int Blocks = 10;
    private const int RunsPerBlock = 10;

    [MeasurementFact]
    public void Recognizer_and_detector_variants_against_float32()
    {
        var scratch = TestAssets.NewScratchDirectory("latency");
        foreach (var (path, shape) in new[] { (TestAssets.Recognizer, new long[] { 1, 3, 48, 320 }), (TestAssets.Detector, new long[] { 1, 3, 320, 320 }) })
        {
            var source = OnnxModel.Load(path);
            var calibration = new RandomCalibrationData(new Dictionary<string, long[]> { ["x"] = shape }, sampleCount: 16, seed: 42);
            var variants = new IVariantTransform[]
            {
                new QdqStaticQuantizer(new StaticQuantizationOptions { PerChannel = true }, calibration),
                new QdqStaticQuantizer(new StaticQuantizationOptions { PerChannel = true, Calibration = new CalibrationSettings { Method = CalibrationMethod.Entropy } }, calibration),
                new DynamicQuantizer(new DynamicQuantizationOptions { PerChannel = true }),
                new Float16Converter(new Float16Options { KeepIoTypes = true }),
            };
            foreach (var transform in variants)
            {
                var target = Path.Combine(scratch, $"{Path.GetFileNameWithoutExtension(path)}.{transform.Kind}.onnx");
                transform.Apply(source).Model.Save(target);
                var (reference, variant, error) = Compare(path, target, shape);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Path.GetFileName(path)} {transform.Kind} ({Describe(transform)}): size {100.0 * new FileInfo(target).Length / new FileInfo(path).Length:F1}% of fp32, " +
                    $"p50 fp32 {reference:F2} ms, variant {variant:F2} ms, speed-up {reference / variant:F2}x, max |Δ| {error:G3}"));
            }
        }
    }

    private static string Describe(IVariantTransform transform) => transform.Spec.Contains("\"method\":\"entropy\"", StringComparison.Ordinal) ? "entropy" : "defaults";

    private static (double Reference, double Variant, float MaxError) Compare(string referencePath, string variantPath, long[] shape)
    {
        using var options = OrtTestContext.SingleThreadOptions();
        using var reference = InferenceSession.FromFile(OrtTestContext.Environment, referencePath, options);
        using var variant = InferenceSession.FromFile(OrtTestContext.Environment, variantPath, options);
        var x = OptimizeModels.Uniform((int)shape.Aggregate(1L, (a, b) => a * b), seed: 99);
        var error = ModelRunner.MaxAbsDifference(ModelRunner.Run(reference, "x", x, shape), ModelRunner.Run(variant, "x", x, shape));
        using var input = OrtValue.CreateTensor(x, shape);
        using var referenceRun = reference.Prepare(["x"], [input], [reference.Outputs[0].Name]);
        using var variantRun = variant.Prepare(["x"], [input], [variant.Outputs[0].Name]);
        var referenceTimes = new List<double>();
        var variantTimes = new List<double>();
        Time(referenceRun, RunsPerBlock, []);
        Time(variantRun, RunsPerBlock, []);
        for (var block = 0; block < Blocks; block++)
        {
            Time(referenceRun, RunsPerBlock, referenceTimes);
            Time(variantRun, RunsPerBlock, variantTimes);
        }

        return (Median(referenceTimes), Median(variantTimes), error);
    }

    private static void Time(PreparedRun run, int count, List<double> into)
    {
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run.Invoke();
            into.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
