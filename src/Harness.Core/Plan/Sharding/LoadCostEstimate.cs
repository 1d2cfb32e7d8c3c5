namespace Harness.Plan.Sharding;

/// <summary>
/// The cost of a job guessed from its load and the run's rules, for when no earlier run says how
/// long it took: a timed load runs about its minimum duration, a search or sweep one such run per
/// step, an accuracy or fidelity pass a few milliseconds a sample. Only the ratios between jobs
/// matter for balance, and these follow how the measurement loop spends its time.
/// </summary>
public sealed class LoadCostEstimate : IJobCostModel
{
    /// <summary>Starting a worker, opening the model and warming up.</summary>
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PerSample = TimeSpan.FromMilliseconds(5);

    public static LoadCostEstimate Instance { get; } = new();

    public TimeSpan Expected(MeasurementJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var rules = job.Rules;
        var load = job.Load;
        var measuring = load.Kind switch
        {
            LoadKind.Server when load.SearchPeakQps => rules.MinDuration * rules.MaxSearchProbes,
            LoadKind.ConcurrencySweep => rules.MinDuration * (load.Clients?.Count ?? 1),
            LoadKind.Accuracy => PerSample * (job.Model.Accuracy?.Samples ?? 0) * (1 + (job.Model.Accuracy?.Shifts.Count ?? 0)),
            LoadKind.Fidelity => PerSample * 2 * load.Samples,
            _ => rules.MinDuration,
        };
        return Startup + measuring;
    }

    public TimeSpan Preparation(VariantRequest variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return variant.Kind == VariantKind.Int8Static
            ? Startup + (PerSample * 4 * (variant.Calibration ?? CalibrationRequest.Default).Samples)
            : Startup;
    }
}
