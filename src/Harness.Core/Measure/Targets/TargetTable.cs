using Harness.Plan;

namespace Harness.Measure.Targets;

/// <summary>The target behind each device a scenario can name. A new target is one class and one entry here.</summary>
public static class TargetTable
{
    private static readonly Dictionary<TargetDevice, ITarget> Targets = new()
    {
        [TargetDevice.Cpu] = new CpuTarget(),
        [TargetDevice.NoOp] = new NoOpTarget(),
        [TargetDevice.Cuda] = new CudaTarget(),

        // An agent's jobs reach a worker on the agent's machine (Execute/Remote), where they run on its CPU.
        [TargetDevice.Agent] = new CpuTarget(),
        [TargetDevice.Edge] = new EdgeTarget(),
    };

    public static ITarget For(TargetDevice device) => Targets.TryGetValue(device, out var target)
        ? target
        : throw new ArgumentOutOfRangeException(nameof(device), device, "no target is registered for this device");
}
