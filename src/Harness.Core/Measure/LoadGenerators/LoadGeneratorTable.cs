using Harness.Plan;

namespace Harness.Measure.LoadGenerators;

/// <summary>The generator behind each load kind a scenario can name. A new load is one class and one entry here.</summary>
public static class LoadGeneratorTable
{
    private static readonly Dictionary<LoadKind, ILoadGenerator> Generators = new()
    {
        [LoadKind.SingleStream] = new ClosedLoopGenerator(),
        [LoadKind.Offline] = new ClosedLoopGenerator(),
        [LoadKind.MultiStream] = new MultiStreamGenerator(),
        [LoadKind.Server] = new ServerGenerator(),
        [LoadKind.ConcurrencySweep] = new ConcurrencySweepGenerator(),
        [LoadKind.Accuracy] = new AccuracyGenerator(),
        [LoadKind.Fidelity] = new AccuracyGenerator(),
    };

    public static ILoadGenerator For(LoadKind kind) => Generators.TryGetValue(kind, out var generator)
        ? generator
        : throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown load");
}
