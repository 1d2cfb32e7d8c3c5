using System.CommandLine;
using System.Globalization;
using Harness.Cli.Views;
using Harness.Measure;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Optimize.Graph;
using Harness.Optimize.Quantization;
using Harness.Optimize.Quantization.Calibration;
using Harness.Optimize.Variants;
using Harness.Plan;
using Harness.Prepare;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness quantize MODEL --mode dynamic|static|fp16|int4</c>: makes a variant with Harness's own
/// graph rewriter, checks that ONNX Runtime loads it, and only then puts it at the output path.
/// Modes, calibration methods and activation types are the scenario's names, from the same tables.
/// </summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "Path of the float32 .onnx model." };
        var mode = new Option<string>("--mode")
        {
            Description = "dynamic (int8 weights, activations quantized at run time), static (int8 QDQ, calibrated), fp16, or int4 (MatMul weights only, MatMulNBits); the scenario names int8-dynamic and int8-static work too.",
            Required = true,
        };
        mode.AcceptOnlyFromAmong([.. VariantKinds.ByName.Where(n => n.Value != VariantKind.Distilled).Select(n => n.Key)]); // students come from the distill verb
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the variant (default: ./MODEL.MODE.onnx)." };
        var samples = new Option<int>("--calibration-samples") { Description = "Calibration samples for static mode (seeded; float inputs uniform [-1, 1) unless --input says otherwise).", DefaultValueFactory = _ => 16 };
        var seed = new Option<int>("--seed") { Description = "Seed of the calibration samples.", DefaultValueFactory = _ => 42 };
        var method = new Option<string>("--method") { Description = "Calibration method for static mode.", DefaultValueFactory = _ => "minmax" };
        method.AcceptOnlyFromAmong([.. CalibrationMethods.ByName.Keys]);
        var perTensor = new Option<bool>("--per-tensor") { Description = "One weight scale per tensor instead of one per output channel (the default); usually ruins convolutions whose BatchNormalization was folded in." };
        var activationType = new Option<string>("--activation-type") { Description = "Static mode activations: uint8 (asymmetric) or int8 (symmetric).", DefaultValueFactory = _ => "uint8" };
        activationType.AcceptOnlyFromAmong([.. QuantTypes.ByName.Keys]);
        var excludeOp = new Option<string[]>("--exclude-op") { Description = "Op type to leave in float (repeatable)." };
        var excludeNode = new Option<string[]>("--exclude-node") { Description = "Node name to leave in float (repeatable)." };
        var force = new Option<bool>("--force") { Description = "Allow the output to be the source model itself (replaced in place)." };
        var keepIo = new Option<bool>("--keep-io-types") { Description = "fp16 mode: keep float32 inputs and outputs (Casts at the boundary)." };
        var inputShape = new Option<string[]>("--input-shape") { Description = "Calibration input shape, NAME=D0,D1,… (repeatable); needed where the model's dimensions are symbolic." };
        var inputFill = new Option<string[]>("--input") { Description = $"Calibration values of one input, NAME=FILL (repeatable), FILL one of {Fills.Forms}; e.g. sr=constant:16000. Integer inputs need one." };
        var command = new Command("quantize", "Make an int8 or float16 variant of a model and check that ONNX Runtime loads it.")
        {
            model, mode, output, samples, seed, method, perTensor, activationType, excludeOp, excludeNode, keepIo, inputShape, inputFill, force,
        };
        command.SetAction(parse => UserErrors.Run(parse, console =>
        {
            var source = parse.GetValue(model)!;
            var chosenMode = parse.GetValue(mode)!;
            var loaded = OnnxModel.Load(source);
            RequireOpsInModel(loaded, parse.GetValue(excludeOp) ?? []);
            var request = new VariantRequest(
                chosenMode,
                VariantKinds.ByName[chosenMode],
                new CalibrationRequest(null, Positive(parse.GetValue(samples)), CalibrationMethods.ByName[parse.GetValue(method)!], parse.GetValue(seed)),
                !parse.GetValue(perTensor),
                QuantTypes.ByName[parse.GetValue(activationType)!],
                parse.GetValue(excludeOp) ?? [],
                parse.GetValue(excludeNode) ?? [],
                parse.GetValue(keepIo));
            var transform = VariantPreparer.TransformFor(request, () => new SeededCalibrationData(
                CalibrationInputs(loaded, parse.GetValue(inputShape) ?? [], parse.GetValue(inputFill) ?? []), request.Calibration!.Samples, request.Calibration.Seed));
            var target = OutputTarget.Check(source, parse.GetValue(output) ?? $"{Path.GetFileNameWithoutExtension(source)}.{chosenMode}.onnx", parse.GetValue(force));
            var result = transform.ApplyChecked(loaded, source);
            WriteVerified(result.Model, target, $"the {transform.Kind} variant of {source}", transform, loaded);
            VariantReportView.Write(console, result.Report, OnnxModel.FileSize(source), OnnxModel.FileSize(target), target);
            return 0;
        }));
        return command;
    }

    /// <summary>Writes into a scratch folder beside the target, loads it in ORT from there, then moves it into place; a refused model leaves nothing behind.</summary>
    private static void WriteVerified(OnnxModel model, string target, string description, IVariantTransform transform, OnnxModel source)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var scratch = Path.Combine(folder, ".harness-quantize-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(scratch);
        try
        {
            var staged = Path.Combine(scratch, Path.GetFileName(target));
            model.Save(staged);
            VariantVerifier.EnsureLoads(staged, description, transform, source);
            var stagedData = OnnxModel.ExternalDataPathFor(staged);
            if (File.Exists(stagedData))
            {
                File.Move(stagedData, OnnxModel.ExternalDataPathFor(target), overwrite: true);
            }

            File.Move(staged, target, overwrite: true);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }


    /// <summary>
    /// An --exclude-op that names no op of the model is a typo (op types are case-sensitive:
    /// "matmul" is not "MatMul"); accepting it silently would quantize what the user meant to keep.
    /// </summary>
    private static void RequireOpsInModel(OnnxModel model, IReadOnlyList<string> excluded)
    {
        var present = new SortedSet<string>(Subgraphs.AllNodes(model.Proto.Graph).Select(n => n.OpType), StringComparer.Ordinal);
        foreach (var op in excluded.Where(op => !present.Contains(op)))
        {
            var near = present.FirstOrDefault(p => string.Equals(p, op, StringComparison.OrdinalIgnoreCase));
            throw new UsageException($"--exclude-op {op}: the model has no {op} node" + (near is null ? string.Empty : $" (did you mean {near}?)") +
                $"; its op types are {string.Join(", ", present)}");
        }
    }

    /// <summary>
    /// Each input's calibration shape (<see cref="CalibrationShapes"/>) and fill: its --input, else
    /// uniform [-1, 1) for a float input. An integer input has no default: a guessed 0 for a sample
    /// rate or a flag would calibrate the model's other branch.
    /// </summary>
    private static List<ResolvedInput> CalibrationInputs(OnnxModel model, IReadOnlyList<string> shapes, IReadOnlyList<string> fills)
    {
        var given = new Dictionary<string, FillSpec>(StringComparer.Ordinal);
        foreach (var text in fills)
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? text[..equals] : throw new UsageException($"--input '{text}' is not NAME=FILL, e.g. sr=constant:16000 or x=uniform:-1:1");
            if (model.Inputs.All(i => i.Name != name))
            {
                throw new UsageException($"--input names '{name}', but {model.SourceName} has no such input; its inputs are: {string.Join(", ", model.Inputs.Select(i => i.Name))}");
            }

            var fill = Fills.TryParse(text[(equals + 1)..], given.Count + 1, out var problem) ?? throw new UsageException($"--input {name}: {problem}");
            if (!given.TryAdd(name, fill))
            {
                throw new UsageException($"--input gives '{name}' twice; give each input's values once");
            }
        }

        var resolved = CalibrationShapes.Resolve(model, shapes);
        return [.. model.Inputs.Select((input, index) =>
        {
            var type = (TensorElementType)(input.Type?.TensorType?.ElemType ?? 0);
            var fill = given.GetValueOrDefault(input.Name)
                ?? (Fills.IsIntegral(type)
                    ? throw new UsageException($"input '{input.Name}' is {type.DisplayName()}, and Harness does not guess integer values; give them with --input {input.Name}=constant:N (or values:V1,V2,… or uniform:LOW:HIGH)")
                    : new FillSpec(FillKind.Uniform, -1, 1, 0, 1, index + 1));
            return Fills.ProblemFor(fill, type) is { } problem
                ? throw new UsageException($"--input {input.Name}: input '{input.Name}' is {type.DisplayName()}: {problem}")
                : new ResolvedInput(input.Name, type, resolved[input.Name], fill);
        })];
    }

    private static int Positive(int samples) =>
        samples >= 1 ? samples : throw new ModelRewriteException(string.Create(CultureInfo.InvariantCulture, $"--calibration-samples must be at least 1, not {samples}."));
}
