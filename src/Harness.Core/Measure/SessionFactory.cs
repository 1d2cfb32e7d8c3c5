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
                GraphOptimization.Disabled => GraphOptimizationLevel.Disabled,
                GraphOptimization.Basic => GraphOptimizationLevel.Basic,
                GraphOptimization.Extended => GraphOptimizationLevel.Extended,
                GraphOptimization.All => GraphOptimizationLevel.All,
                _ => throw new ArgumentOutOfRangeException(nameof(target), target.GraphOptimization, "not a graph optimization level"),
            };
            options.ExecutionMode = target.ExecutionMode switch
            {
                Plan.ExecutionMode.Sequential => Onnx.Runtime.ExecutionMode.Sequential,
                Plan.ExecutionMode.Parallel => Onnx.Runtime.ExecutionMode.Parallel,
                _ => throw new ArgumentOutOfRangeException(nameof(target), target.ExecutionMode, "not an execution mode"),
            };
            if (target.SpinWait is { } spin)
            {
                // Spinning pool threads hold their cores between inferences: fast on a quiet machine, a thief on a shared or pinned one.
                options.AddConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
                options.AddConfigEntry("session.inter_op.allow_spinning", spin ? "1" : "0");
            }

            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}
