using Harness.Measure;
using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;
using Harness.Onnx.Runtime;

namespace Harness.Plan;

/// <summary>
/// Opens every model file of a scenario with Harness's own reader and resolves its inputs against
/// the scenario (names, ranks, element types and fills, unbound dimensions) before any job starts,
/// so a mistake costs one error at its line and column instead of a failed job per load.
/// </summary>
public static class ModelCheck
{
    public static void CheckAll(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Targets.All(t => t.Device == TargetDevice.NoOp))
        {
            return; // the no-op target never loads a model
        }

        foreach (var model in scenario.Models)
        {
            Check(model, generatesInputs: (model.Loads ?? scenario.Loads).Any(l => l.Kind != LoadKind.Accuracy));
        }
    }

    /// <param name="generatesInputs">False for a model measured for accuracy only: its inputs come from the dataset.</param>
    public static void Check(ModelSpec model, bool generatesInputs = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Training is not null && !File.Exists(model.Path))
        {
            return; // trained by the run before its first job, with the dataset's input shape
        }

        OnnxModel loaded;
        try
        {
            loaded = OnnxModel.Load(model.Path);
        }
        catch (ModelFormatException e)
        {
            throw At(model, inputs: false, $"model '{model.Name}': {e.Message}");
        }

        if (model.TestDataDirectory is not null || !generatesInputs)
        {
            return; // its inputs come from recorded tensors or a dataset, checked when they are read
        }

        try
        {
            // Batch 1 binds everything but the batch; a batch the model cannot take is the load's concern (skipped, with the reason).
            InputResolver.Resolve(InputsOf(loaded), model, 1);
        }
        catch (InputSpecException e)
        {
            throw At(model, inputs: true, e.Message);
        }
    }

    /// <summary>A graph input as the runtime describes it: element type, sizes (-1 where symbolic) and symbol names.</summary>
    public static IReadOnlyList<TensorInfo> InputsOf(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. model.Inputs.Select(Describe)];
    }

    private static TensorInfo Describe(ValueInfoProto input)
    {
        if (input.Type?.TensorType is not { } tensor)
        {
            return new TensorInfo(input.Name, TensorElementType.Undefined, [], []) { IsTensor = false };
        }

        var dims = tensor.Shape?.Dim.ToList() ?? [];
        return new TensorInfo(
            input.Name,
            (TensorElementType)tensor.ElemType,
            [.. dims.Select(d => d.HasDimValue && d.DimValue > 0 ? d.DimValue : -1)],
            [.. dims.Select(d => d.HasDimParam && d.DimParam.Length > 0 ? d.DimParam : null)]);
    }

    private static ScenarioException At(ModelSpec model, bool inputs, string problem) => model.Origin is { } origin
        ? new ScenarioException(origin.File, inputs ? origin.InputsLine : origin.PathLine, inputs ? origin.InputsColumn : origin.PathColumn, problem)
        : new ScenarioException(problem);
}
