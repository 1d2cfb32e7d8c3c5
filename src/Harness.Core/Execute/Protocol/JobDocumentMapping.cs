using System.Globalization;
using System.Text.Json;
using Harness.Plan;
using Harness.Results;

namespace Harness.Execute.Protocol;

/// <summary>
/// The one place where a planned <see cref="MeasurementJob"/> becomes a <see cref="JobDocument"/>
/// and back. When the planner's records change, this file changes and the wire does not; when the
/// wire must change, <see cref="JobDocument.CurrentVersion"/> goes up with it.
/// </summary>
public static class JobDocumentMapping
{
    public static JobDocument ToDocument(MeasurementJob job, string samplesPath) =>
        new(JobDocument.SchemaName, JobDocument.CurrentVersion, EnvironmentProbe.Harness(), ToBody(job), samplesPath);

    /// <summary>A job to measure in turns with the document's own (<see cref="JobDocument.InTurns"/>).</summary>
    public static TurnsBody ToTurns(MeasurementJob job, string samplesPath) => new(ToBody(job), samplesPath);

    /// <summary>The job a document describes; a value outside the protocol's vocabulary is a <see cref="JobDocumentException"/>.</summary>
    public static MeasurementJob ToJob(JobDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return ToJob(document.Job);
    }

    /// <summary>The job measured in turns with the document's own.</summary>
    public static MeasurementJob ToJob(TurnsBody turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        return ToJob(turns.Job);
    }

    private static JobBody ToBody(MeasurementJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new JobBody(job.Id, ToBody(job.Model), job.Variant, job.Transform is { } t ? ToBody(t) : null, ToBody(job.Target), ToBody(job.Load), job.BatchSize, ToBody(job.Rules));
    }

    private static MeasurementJob ToJob(JobBody job) =>
        new(job.Id, ToSpec(job.Model), job.Variant, ToSpec(job.Target), ToSpec(job.Load), job.BatchSize, ToSpec(job.Rules))
        {
            Transform = job.Transform is { } t ? ToSpec(t) : null,
        };

    private static ModelBody ToBody(ModelSpec m) => new(
        m.Name,
        m.Path,
        [.. m.Inputs.Select(i => new InputBody(i.Name, i.Shape is { } shape ? [.. shape.Select(d => d.ToString())] : null, ToBody(i.Fill)) { BatchAxis = i.BatchAxis, FillGiven = i.FillGiven })],
        m.Dimensions,
        m.TestDataDirectory,
        m.Accuracy is { } a ? new AccuracyBody(a.Dataset, a.Metrics, a.Samples, a.BatchSize, a.Slices, Name(a.Text), a.MaxDrop, a.Resamples, [.. a.Shifts.Select(s => new ShiftBody(Name(s.Kind), s.Strength))]) : null);

    private static ModelSpec ToSpec(ModelBody m) => new(
        m.Name,
        m.Path,
        [.. m.Inputs.Select(i => new InputSpec(i.Name, i.Shape is { } shape ? [.. shape.Select(ToDimension)] : null, ToSpec(i.Fill)) { BatchAxis = i.BatchAxis, FillGiven = i.FillGiven })],
        m.Dimensions,
        m.TestDataDirectory)
    {
        Accuracy = m.Accuracy is { } a ? new AccuracySpec(a.Dataset, a.Metrics, a.Samples, a.BatchSize, a.Slices, Parse<Evaluate.TextNormalization>(a.Text, "text normalization"), a.MaxDrop, a.Resamples, [.. a.Shifts.Select(s => new ShiftRequest(Parse<Data.Shifts.ShiftKind>(s.Kind, "shift kind"), s.Strength))]) : null,
    };

    private static DimensionSpec ToDimension(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? DimensionSpec.Fixed(size) : DimensionSpec.Named(text);

    private static FillBody ToBody(FillSpec f) => new(Name(f.Kind), f.Low, f.High, f.Mean, f.StdDev, f.Seed) { Values = f.Values };

    private static FillSpec ToSpec(FillBody f) => new(Parse<FillKind>(f.Kind, "fill kind"), f.Low, f.High, f.Mean, f.StdDev, f.Seed) { Values = f.Values ?? [] };

    private static VariantBody ToBody(VariantRequest v) => new(
        v.Name,
        Name(v.Kind),
        v.Calibration is { } c ? new CalibrationBody(c.Dataset, c.Samples, Name(c.Method), c.Seed) : null,
        v.PerChannel,
        Name(v.ActivationType),
        v.ExcludeOps,
        v.ExcludeNodes,
        v.KeepIoTypes) { Distillation = v.Distillation is { } d ? ToBody(d) : null };

    private static DistillationBody ToBody(DistillationRequest d) => new(
        d.Student, d.Dataset, d.Samples, d.HardLabelsOnly, d.Training.Epochs, d.Training.BatchSize, d.Training.LearningRate, d.Training.WeightDecay,
        d.Training.Temperature, d.Training.Alpha, d.Training.ValidationFraction, d.Training.Patience, d.Training.Budget?.TotalMilliseconds, d.Training.Seed, d.Training.Threads)
    {
        Command = d.Command,
    };

    private static DistillationRequest ToSpec(DistillationBody d) => new(
        d.Student,
        d.Dataset,
        d.Samples,
        new Distill.Training.TrainingOptions(
            d.Epochs, d.BatchSize, d.LearningRate, d.WeightDecay, d.Temperature, d.Alpha, d.Validation, d.Patience,
            d.BudgetMs is { } budget ? TimeSpan.FromMilliseconds(budget) : null, d.Seed, d.Threads),
        d.HardLabelsOnly,
        Twin: false)
    {
        Command = d.Command,
    };

    private static VariantRequest ToSpec(VariantBody v) => new(
        v.Name,
        Parse<VariantKind>(v.Kind, "variant kind"),
        v.Calibration is { } c ? new CalibrationRequest(c.Dataset, c.Samples, Parse<Optimize.Quantization.Calibration.CalibrationMethod>(c.Method, "calibration method"), c.Seed) : null,
        v.PerChannel,
        Parse<Optimize.Quantization.QuantType>(v.ActivationType, "activation type"),
        v.ExcludeOps,
        v.ExcludeNodes,
        v.KeepIoTypes) { Distillation = v.Distillation is { } d ? ToSpec(d) : null };

    private static TargetBody ToBody(TargetSpec t) => new(
        t.Name, Name(t.Device), t.IntraOpThreads, t.InterOpThreads, Name(t.GraphOptimization), Name(t.ExecutionMode),
        t.Cuda is { } c ? new CudaBody(c.DeviceId, c.ConvAlgorithmSearch, c.MemoryLimitBytes) : null)
    {
        Pinning = t.Pinning is { } p ? new PinningBody(p.Cores, p.Count) : null,
        SpinWait = t.SpinWait,
        MemoryLimitBytes = t.MemoryLimitBytes,
        Emulation = t.Emulation is { } e ? new EmulationBody(e.Profile, e.Device, e.Cpu, e.Cores, e.MemoryBytes) : null,
    };

    private static TargetSpec ToSpec(TargetBody t) => new(t.Name, Parse<TargetDevice>(t.Device, "target device"), t.IntraOpThreads, t.InterOpThreads, Parse<GraphOptimization>(t.GraphOptimization, "graph optimization"), Parse<ExecutionMode>(t.ExecutionMode, "execution mode"))
    {
        Cuda = t.Cuda is { } c ? new CudaSettings(c.DeviceId, c.ConvAlgorithmSearch, c.MemoryLimitBytes) : null,
        Pinning = t.Pinning is { } p ? new CorePinning(p.Cores, p.Count) : null,
        SpinWait = t.SpinWait,
        MemoryLimitBytes = t.MemoryLimitBytes,
        Emulation = t.Emulation is { } e ? new EdgeEmulation(e.Profile, e.Device, e.Cpu, e.Cores, e.MemoryBytes) : null,
    };

    private static LoadBody ToBody(LoadSpec l) => new(
        Name(l.Kind),
        l.BatchSizes,
        l.Percentile,
        l.SamplesPerQuery,
        l.Interval?.TotalMilliseconds,
        l.TargetQps,
        l.SearchPeakQps,
        l.Slo?.TotalMilliseconds,
        l.Batcher is { } b ? new BatcherBody(b.MaxBatch, b.MaxQueueDelay.TotalMilliseconds, b.PreferredSizes) : null,
        l.Clients,
        l.MinGain,
        l.Samples);

    private static LoadSpec ToSpec(LoadBody l) => new(
        Parse<LoadKind>(l.Kind, "load kind"),
        l.BatchSizes,
        l.Percentile,
        l.SamplesPerQuery,
        l.IntervalMs is { } interval ? Milliseconds(interval) : null,
        l.TargetQps,
        l.SearchPeakQps,
        l.SloMs is { } slo ? Milliseconds(slo) : null,
        l.Batcher is { } b ? new BatcherSpec(b.MaxBatch, Milliseconds(b.MaxQueueDelayMs), b.PreferredSizes) : null,
        l.Clients,
        l.MinGain,
        l.Samples);

    private static RulesBody ToBody(RunRules r) => new(
        r.WarmupQueries,
        r.MinDuration.TotalMilliseconds,
        r.MinQueries,
        r.MaxDuration.TotalMilliseconds,
        r.MaxQueries,
        r.JobTimeout.TotalMilliseconds,
        r.Seed,
        r.StabilityTolerance,
        r.MaxLateFraction,
        r.MaxSearchProbes,
        r.UntilSteady);

    private static RunRules ToSpec(RulesBody r) => new(
        r.WarmupQueries,
        Milliseconds(r.MinDurationMs),
        r.MinQueries,
        Milliseconds(r.MaxDurationMs),
        r.MaxQueries,
        Milliseconds(r.JobTimeoutMs),
        r.Seed,
        r.StabilityTolerance,
        r.MaxLateFraction,
        r.MaxSearchProbes,
        r.UntilSteady);

    // Rounded to whole ticks so that a duration read back equals the one written.
    private static TimeSpan Milliseconds(double ms) => TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));

    /// <summary>A target's device as the protocol spells it (cpu, no-op, cuda, edge).</summary>
    public static string DeviceName(TargetDevice device) => Name(device);

    /// <summary>An enum value as the protocol spells it: kebab-case (single-stream, int8-static, no-op).</summary>
    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static TEnum Parse<TEnum>(string text, string what) where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (Name(value) == text)
            {
                return value;
            }
        }

        throw new JobDocumentException($"the job document names {what} '{text}', which this worker does not know; it knows: {string.Join(", ", Enum.GetValues<TEnum>().Select(Name))}");
    }
}
