using Harness.Onnx.Runtime;
using Harness.Plan;

namespace Harness.Measure;

/// <summary>Turns a target's execution settings into ONNX Runtime session options.</summary>
public static class SessionFactory
{
    public static SessionOptions CreateOptions(OrtLibrary library, TargetSpec target)
    {
        var options = new SessionOptions(library);
        try
        {
            options.IntraOpThreads = target.IntraOpThreads;
            options.InterOpThreads = target.InterOpThreads;
            options.GraphOptimizationLevel = target.GraphOptimization switch
            {
                "disabled" => GraphOptimizationLevel.Disabled,
                "basic" => GraphOptimizationLevel.Basic,
                "extended" => GraphOptimizationLevel.Extended,
                _ => GraphOptimizationLevel.All,
            };
            options.ExecutionMode = target.ExecutionMode == "parallel" ? ExecutionMode.Parallel : ExecutionMode.Sequential;
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}
