using Harness.Onnx;
using Harness.Onnx.Model;
using Harness.Onnx.Model.Proto;

namespace Harness.Distill.External;

/// <summary>
/// An externally trained student must stand in for its teacher: the same inputs (names, element
/// types, ranks and every fixed size but the batch) and the teacher's output, with as many classes.
/// </summary>
public static class StudentInterfaceCheck
{
    public static void Ensure(OnnxModel teacher, OnnxModel student)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(student);
        if (student.Inputs.Count != teacher.Inputs.Count)
        {
            throw Mismatch($"it has {student.Inputs.Count} input(s) ({Names(student.Inputs)}), the teacher {teacher.Inputs.Count} ({Names(teacher.Inputs)})");
        }

        foreach (var expected in teacher.Inputs)
        {
            var actual = student.Inputs.FirstOrDefault(i => i.Name == expected.Name)
                ?? throw Mismatch($"it has no input '{expected.Name}' (its inputs: {Names(student.Inputs)})");
            Compare("input", expected, actual);
        }

        var output = teacher.Outputs[0];
        var answer = student.Outputs.FirstOrDefault(o => o.Name == output.Name)
            ?? throw Mismatch($"it has no output '{output.Name}' (its outputs: {Names(student.Outputs)})");
        Compare("output", output, answer);
    }

    private static void Compare(string role, ValueInfoProto expected, ValueInfoProto actual)
    {
        var want = expected.Type?.TensorType;
        var got = actual.Type?.TensorType;
        if (want is null || got is null || want.ElemType != got.ElemType)
        {
            throw Mismatch($"its {role} '{expected.Name}' is {Describe(actual)}, the teacher's {Describe(expected)}");
        }

        var wantDims = want.Shape?.Dim.ToList();
        var gotDims = got.Shape?.Dim.ToList();
        if (wantDims is null || gotDims is null)
        {
            return; // a shape left undeclared on either side is checked when ONNX Runtime runs it
        }

        // Axis 0 is the batch; every other size both declare must agree.
        var fits = wantDims.Count == gotDims.Count && wantDims.Zip(gotDims).Skip(1).All(p => !(p.First.HasDimValue && p.Second.HasDimValue) || p.First.DimValue == p.Second.DimValue);
        if (!fits)
        {
            throw Mismatch($"its {role} '{expected.Name}' is {Describe(actual)}, the teacher's {Describe(expected)}");
        }
    }

    private static string Describe(ValueInfoProto value)
    {
        if (value.Type?.TensorType is not { } tensor)
        {
            return "not a tensor";
        }

        var dims = tensor.Shape?.Dim.Select(d => d.HasDimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.HasDimParam ? d.DimParam : "?") ?? ["?"];
        return $"{((TensorElementType)tensor.ElemType).DisplayName()} [{string.Join(", ", dims)}]";
    }

    private static string Names(IEnumerable<ValueInfoProto> values) => string.Join(", ", values.Select(v => v.Name));

    private static DistillationException Mismatch(string why) => new($"the student the training program wrote does not match the teacher: {why}");
}
