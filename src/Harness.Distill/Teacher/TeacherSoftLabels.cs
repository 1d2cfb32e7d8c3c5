using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Harness.Distill.Export;
using Harness.Distill.Training;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;

namespace Harness.Distill.Teacher;

/// <summary>A teacher's logits for every training sample, and what the student must look like from outside to stand in for it.</summary>
/// <param name="Logits">[samples, classes]; a teacher that ends in Softmax gives log-probabilities, which soften the same way.</param>
/// <param name="PassTime">The time the teacher's pass took (zero when the cache had it).</param>
public sealed record SoftLabels(float[] Logits, int Classes, StudentInterface Interface, bool CacheHit, TimeSpan PassTime);

/// <summary>
/// Runs a teacher (any ONNX classifier) once over the training inputs in ONNX Runtime and keeps
/// its logits under a hash of the teacher file and the preprocessed inputs, so a second run of
/// the same teacher on the same data (same dataset, same preprocessing) runs nothing.
/// </summary>
public static class TeacherSoftLabels
{
    private const int Batch = 256;

    public static SoftLabels Compute(string teacherPath, TrainingSet set, string cacheFolder, int threads = 1) =>
        Compute(OnnxModel.Load(teacherPath), teacherPath, set, cacheFolder, threads);

    /// <param name="teacherName">The teacher's file or model name, for messages.</param>
    public static SoftLabels Compute(OnnxModel teacher, string teacherName, TrainingSet set, string cacheFolder, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(set);
        var io = Interface(teacher, teacherName);
        var bytes = teacher.ToBytes();
        var path = Path.Combine(cacheFolder, "soft-labels", Key(bytes, set) + ".f32");
        if (File.Exists(path))
        {
            var cached = File.ReadAllBytes(path);
            var cachedClasses = BitConverter.ToInt32(cached, 0);
            return new SoftLabels(MemoryMarshal.Cast<byte, float>(cached.AsSpan(4)).ToArray(), cachedClasses, io, true, TimeSpan.Zero);
        }

        var started = Stopwatch.GetTimestamp();
        var (logits, classes) = Run(bytes, teacherName, set, io, threads);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        using (var file = File.Create(partial))
        {
            file.Write(BitConverter.GetBytes(classes));
            file.Write(MemoryMarshal.AsBytes(logits.AsSpan()));
        }

        File.Move(partial, path, overwrite: true);
        return new SoftLabels(logits, classes, io, false, elapsed);
    }

    /// <summary>The teacher's first input and output, and whether that output comes from a Softmax.</summary>
    private static StudentInterface Interface(OnnxModel model, string teacherPath)
    {
        if (model.Inputs.Count == 0 || model.Outputs.Count == 0)
        {
            throw new DistillationException($"teacher {teacherPath} has no input or no output; a teacher is a classifier with one input");
        }

        var output = model.Outputs[0].Name;
        var producer = model.Graph.Node.FirstOrDefault(n => n.Output.Contains(output));
        // An Identity after the Softmax (as our own students end) still counts as a Softmax output.
        if (producer is { OpType: "Identity" })
        {
            producer = model.Graph.Node.FirstOrDefault(n => n.Output.Contains(producer.Input[0]));
        }

        return new StudentInterface(model.Inputs[0].Name, output, producer?.OpType == "Softmax");
    }

    private static (float[] Logits, int Classes) Run(byte[] teacher, string teacherPath, TrainingSet set, StudentInterface io, int threads)
    {
        var library = OrtLibrary.Shared;
        using var environment = library.CreateEnvironment();
        using var options = new SessionOptions(library) { IntraOpThreads = threads };
        using var session = InferenceSession.FromBytes(environment, teacher, options);
        var size = set.SampleSize;
        float[]? logits = null;
        var classes = 0;
        for (var start = 0; start < set.Count; start += Batch)
        {
            var count = Math.Min(Batch, set.Count - start);
            using var input = OrtValue.CreateTensor(library, set.Inputs.AsSpan(start * size, count * size).ToArray(), [count, .. set.SampleShape]);
            OrtValue[] outputs;
            try
            {
                outputs = session.Run([io.InputName], [input], [io.OutputName]);
            }
            catch (OrtException e)
            {
                throw new DistillationException(
                    $"teacher {teacherPath} cannot run on {set.Name}'s samples [{string.Join(", ", set.SampleShape)}] ({e.Message}); give it data shaped as its input {io.InputName} expects", e);
            }

            using var output = outputs[0];
            var shape = output.Shape;
            if (output.ElementType != TensorElementType.Float || shape.Length != 2 || shape[0] != count || shape[1] < 2)
            {
                throw new DistillationException(
                    $"teacher {teacherPath}'s output '{io.OutputName}' is {output.ElementType.DisplayName()}[{string.Join(", ", shape)}] for a batch of {count}; a teacher must output one float class vector per sample, [batch, classes]");
            }

            classes = (int)shape[1];
            logits ??= new float[set.Count * classes];
            var values = output.GetSpan<float>();
            for (var i = 0; i < values.Length; i++)
            {
                // Probabilities become log-probabilities: the same distribution after softmax(·/T).
                logits[(start * classes) + i] = io.Softmax ? MathF.Log(MathF.Max(values[i], 1e-12f)) : values[i];
            }
        }

        return (logits!, classes);
    }

    /// <summary>SHA-256 of the teacher's bytes and the preprocessed inputs with their shape.</summary>
    private static string Key(byte[] teacher, TrainingSet set)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(teacher);
        hash.AppendData(MemoryMarshal.AsBytes(set.SampleShape.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(set.Inputs.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }
}
