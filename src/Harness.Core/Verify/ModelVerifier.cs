using System.Collections.Immutable;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Runtime;

namespace Harness.Verify;

/// <summary>
/// Runs a test data folder (model.onnx plus test_data_set_N/ with inputs and expected outputs) in
/// ONNX Runtime on the CPU and compares every output. A set ORT refuses to run fails with ORT's
/// message and the remaining sets still run; only problems with the folder or the model itself,
/// which no set can get past, are thrown.
/// </summary>
public static class ModelVerifier
{
    /// <exception cref="ModelFormatException">The folder, its model or one of its .pb files cannot be read.</exception>
    /// <exception cref="OrtException">ONNX Runtime refuses to load the model.</exception>
    public static VerifyResult Verify(string directory, VerifyOptions? options = null, OrtLibrary? library = null) =>
        Verify(TestDataDirectory.Load(directory), options, library);

    /// <exception cref="OrtException">ONNX Runtime refuses to load the model.</exception>
    public static VerifyResult Verify(TestDataDirectory data, VerifyOptions? options = null, OrtLibrary? library = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= VerifyOptions.Default;
        library ??= OrtLibrary.Shared;

        // Every failure comes back as a status and is reported per set, so ORT's own log lines would
        // only repeat it on stderr.
        using var environment = library.CreateEnvironment("harness-verify", OrtLoggingLevel.Fatal);
        using var session = Open(environment, data.ModelPath, options);
        var sets = ImmutableArray.CreateBuilder<SetResult>(data.Sets.Count);
        foreach (var set in data.Sets)
        {
            sets.Add(VerifySet(session, set, options.Tolerance));
        }

        return new VerifyResult(data.Directory, data.ModelPath, options.Tolerance, sets.MoveToImmutable());
    }

    private static InferenceSession Open(OrtEnvironment environment, string modelPath, VerifyOptions options)
    {
        using var sessionOptions = new SessionOptions(environment.Library) { IntraOpThreads = options.Threads };
        try
        {
            return InferenceSession.FromFile(environment, modelPath, sessionOptions);
        }
        catch (OrtException e)
        {
            // ORT's message names the node, not the file; the user needs both.
            throw new OrtException(e.Code, $"ONNX Runtime {environment.Library.Version} cannot load {modelPath}: {e.OrtMessage}");
        }
    }

    private static SetResult VerifySet(InferenceSession session, TestDataSet set, Tolerance tolerance)
    {
        if (set.ExpectedOutputs.Count == 0)
        {
            return new SetResult(set.Name, "no output_N.pb files, so nothing to compare against", []);
        }

        var inputs = new List<OrtValue>(set.Inputs.Count);
        OrtValue[] outputs = [];
        try
        {
            foreach (var input in set.Inputs)
            {
                inputs.Add(input.ToOrtValue(session.Library));
            }

            outputs = session.Run(
                set.Inputs.Select(i => i.Name).ToArray(),
                inputs,
                set.ExpectedOutputs.Select(o => o.Name).ToArray());
            var results = ImmutableArray.CreateBuilder<OutputResult>(outputs.Length);
            for (var i = 0; i < outputs.Length; i++)
            {
                results.Add(CompareOutput(set.ExpectedOutputs[i], outputs[i], tolerance));
            }

            return new SetResult(set.Name, Error: null, results.MoveToImmutable());
        }
        catch (OrtException e)
        {
            return new SetResult(set.Name, e.Message, []);
        }
        finally
        {
            foreach (var value in inputs.Concat(outputs))
            {
                value.Dispose();
            }
        }
    }

    private static OutputResult CompareOutput(TensorValue expected, OrtValue actual, Tolerance tolerance)
    {
        if (!actual.IsTensor)
        {
            return OutputResult.Incomparable(expected.Name, expected.ElementType.DisplayName(), [.. expected.Dims],
                "the model returned a sequence, map or optional value, not a tensor");
        }

        if (actual.ElementType.SizeInBytes() == 0)
        {
            return OutputResult.Incomparable(expected.Name, expected.ElementType.DisplayName(), [.. expected.Dims],
                $"element type {actual.ElementType.DisplayName()}, expected {expected.ElementType.DisplayName()}");
        }

        return TensorComparer.Compare(expected, actual.ToTensorValue(expected.Name), tolerance);
    }
}
