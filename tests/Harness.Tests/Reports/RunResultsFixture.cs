using Harness.Results;

namespace Harness.Tests.Reports;

/// <summary>
/// A run with every kind of row a report shows, with fixed figures: a model with variants that are
/// faster, no faster, slower, rejected for accuracy and fidelity, and one that failed to prepare;
/// invalid, failed and server measurements; and a model without variants. Built in code, so a change to the results records shows up here first.
/// </summary>
internal static class RunResultsFixture
{
    public static RunResults Run() => new(
        RunResults.SchemaV1,
        "20261128-031500-fixture",
        new ScenarioInfo("fixture", "scenarios/fixture.yaml", new string('a', 64)),
        new HarnessInfo("1.0.0", "0123abc"),
        new EnvironmentInfo("Linux", "Test CPU", 2, 24L << 30, ".NET 10.0.0", "1.30.0", ["CPUExecutionProvider"]),
        new DateTimeOffset(2026, 11, 28, 3, 15, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 28, 3, 20, 0, TimeSpan.Zero),
        Measurements())
    {
        Targets =
        [
            new TargetEnvironment("cpu", "cpu", FigureKinds.Measured, Fingerprint(2, 24L << 30, FigureKinds.Measured, null)),
            new TargetEnvironment("pi5", "edge", "emulated on Test CPU", Fingerprint(2, 8L << 30, FigureKinds.Emulated, "raspberry-pi-5"))
            {
                Emulates = new EmulatedDeviceInfo("raspberry-pi-5", "Raspberry Pi 5 (8 GB)", "4x Arm Cortex-A76 at 2.4 GHz", 4, 8L << 30, 2),
            },
        ],
    };

    private static Fingerprint Fingerprint(int cores, long memory, string figures, string? profile) => new(
        "Test CPU", "X64", ["avx2", "avx512f"], cores, memory, "Debian GNU/Linux 12 (bookworm)", "6.1.0-28-amd64", ".NET 10.0.0", "1.30.0", "CPUExecutionProvider", null, null, null, figures, profile);

    /// <summary>
    /// The same run with everything a chart draws: the server measurement as a peak-QPS search
    /// that kept its probes, and prices for the classifier's variants on a cloud instance and for
    /// int8-static on a Raspberry Pi too, whose costs cross at 368 queries/s.
    /// </summary>
    public static RunResults RunWithChartData()
    {
        var run = Run();
        return run with
        {
            Pricing = Pricing(),
            Measurements =
            [
                .. run.Measurements.Select(m => m.Load.Scenario != "server" ? m : m with
                {
                    Probes =
                    [
                        new ProbeResult(0, 100, 1, Latency(2.2), new ThroughputInfo(99.6, 99.6), new ValidityInfo(true, []), true),
                        new ProbeResult(1, 200, 1, Latency(2.6), new ThroughputInfo(199.2, 199.2), new ValidityInfo(true, []), true),
                        new ProbeResult(2, 400, 1, Latency(9.5), new ThroughputInfo(371.5, 371.5), new ValidityInfo(true, []), false),
                    ],
                }),
            ],
        };
    }

    /// <summary>
    /// A Raspberry Pi at 20 inferences/s costs $0.0034/h idle and $0.0039/h loaded ($80 over 36
    /// months, 2.7 to 7 W at $0.1288/kWh); a c7i.large at 1150/s costs $0.08925/h. With 25%
    /// headroom a Pi serves 16 queries/s and an instance 920: one Pi is cheaper than one instance,
    /// 24 Pis (from 368 queries/s on) are dearer, and from there on the instances stay cheaper.
    /// </summary>
    private static PricingInfo Pricing()
    {
        const double Instance = 0.08925;
        PricedOption Cloud(string variant, double perSec, double p99, double top1) =>
            new("cls", variant, "cpu", "aws-c7i-large", "cloud", perSec, "offline throughput at batch 4", true, Instance / (perSec * 3600) * 1e6, null, (int)Math.Ceiling(300 * 1.25 / perSec), Math.Ceiling(300 * 1.25 / perSec) * Instance * 730, p99, "cloud-region", "measured", "2025-01", top1, null)
            {
                UnitIdleHourlyUsd = Instance,
                UnitLoadedHourlyUsd = Instance,
            };
        return new PricingInfo(
            "scenarios/prices.yaml",
            300,
            1.25,
            [
                Cloud("fp32", 500, 3.5, 0.995),
                Cloud("int8-static", 1150, 1.52, 0.9975),
                Cloud("fp16", 510, 3.43, 0.995),
                Cloud("int8-dynamic", 88, 19.95, 0.9475),
                new PricedOption("cls", "int8-static", "pi", "raspberry-pi-5-8gb", "edge", 20, "single-stream throughput (one request at a time)", true, 0.0548, 0.35, 19, 53.11, 12.5, "on-device", "measured", "2023-10", 0.9975, null)
                {
                    UnitIdleHourlyUsd = 0.0033919,
                    UnitLoadedHourlyUsd = 0.0039457,
                },
                new PricedOption("det", "fp32", "cpu", null, null, 20.7, "single-stream throughput (one request at a time)", true, null, null, null, null, 84.4, null, "measured", null, null, "target 'cpu' has no price; give it price: { instance: … } or { device: … } from the price table"),
            ],
            [new BreakEvenInfo("cls", "int8-static on cpu (aws-c7i-large)", "int8-static on pi (raspberry-pi-5-8gb)", "int8-static on pi (raspberry-pi-5-8gb)", "int8-static on cpu (aws-c7i-large)", 368, 184_000)]);
    }

    public static IReadOnlyList<MeasurementResult> Measurements() =>
    [
        Speed("cls/fp32/cpu/single-stream", p50: 2.0) with
        {
            ColdStartMs = new ColdStartInfo(35.5, 4.25),
            Roofline = new RooflineInfo(2.0e8, 0, 5.0e7, 4.0, 100.0, ["Reshape ×2: no cost rule"]) { AttainableGflops = 40, Share = 2.5, Bound = "memory" },
        },
        Speed("cls/fp32/cpu/offline-b4", p50: 6.5, batch: 4, status: MeasurementStatus.Invalid, reasons: ["throughput varied 14% across the last 3 windows (tolerance 10%)"]),
        Speed("cls/fp32/cpu/server-qps200", p50: 2.6, scenario: "server") with
        {
            Load = new LoadInfo("server", 1, 1) { TargetQps = 200, AchievedQps = 199.2, Percentile = 0.99, Seed = 1, Batcher = new BatcherInfo(8, 2, [4, 8], 3.4) },
            Slo = new SloInfo(20, 0.99, 12.75, true),
        },
        new MeasurementResult("cls/fp32/cpu/multi-stream-n8", "cls", "fp32", "cpu", new LoadInfo("multi-stream", 1, 1), MeasurementStatus.Failed, "the worker crashed (SIGSEGV, a native fault)", null, null, null, null, ValidityInfo.NotMeasured("the worker crashed (SIGSEGV, a native fault)"), null),
        Speed("cls/int8-static/cpu/single-stream", p50: 0.87) with
        {
            VariantInfo = Made("int8-static", 175_000, cacheHit: false),
            Roofline = new RooflineInfo(2.0e8, 0.9, 2.0e7, 10.0, 229.9, []) { AttainableGflops = 3000, Share = 0.0766, Bound = "compute" },
        },
        Speed("cls/fp16/cpu/single-stream", p50: 1.96) with { VariantInfo = Made("float16", 330_000, cacheHit: true) },
        Speed("cls/int8-dynamic/cpu/single-stream", p50: 11.4) with { VariantInfo = Made("int8-dynamic", 190_000, cacheHit: true) },
        Accuracy("cls/fp32/cpu/accuracy", 0.995, rejected: false),
        Accuracy("cls/int8-static/cpu/accuracy", 0.9975, rejected: false) with { VariantInfo = Made("int8-static", 175_000, cacheHit: true), Fidelity = [new FidelityInfo("fp32", "softmax_0.tmp_0", 100, 0.99, 0.031, 0.9994) { RowLength = 2, MeanAbsError = 0.004, MaxRelError = 0.0415, MeanRelError = 0.006 }] },
        Accuracy("cls/fp16/cpu/accuracy", 0.995, rejected: false) with { VariantInfo = Made("float16", 330_000, cacheHit: true), Fidelity = [new FidelityInfo("fp32", "softmax_0.tmp_0", 100, 1.0, 0.0004, 1.0)] },
        Accuracy("cls/int8-dynamic/cpu/accuracy", 0.9475, rejected: true, failed: 2) with { VariantInfo = Made("int8-dynamic", 190_000, cacheHit: true), Fidelity = [new FidelityInfo("fp32", "softmax_0.tmp_0", 100, 0.95, 0.41, 0.973) { RowLength = 2, MaxRelError = 0.82, RejectedReason = "output 'softmax_0.tmp_0' is up to 82% off fp32; the bound is 5%" }] },
        new MeasurementResult("cls/int4/cpu/single-stream", "cls", "int4", "cpu", new LoadInfo("single-stream", 1, 1), MeasurementStatus.Failed, "Read-only file system : '/cache/variants'", null, null, null, null, ValidityInfo.NotMeasured("Read-only file system : '/cache/variants'"), null),
        new MeasurementResult("cls/int4/cpu/accuracy", "cls", "int4", "cpu", new LoadInfo("accuracy", 8, 1), MeasurementStatus.Failed, "the int4 variant could not be prepared: Read-only file system : '/cache/variants'", null, null, null, null, ValidityInfo.NotMeasured("the int4 variant could not be prepared"), null),
        Speed("det/fp32/cpu/single-stream", p50: 48.25) with { Memory = new MemoryInfo(1536L << 20) },
    ];

    private static MeasurementResult Speed(string id, double p50, int batch = 1, string status = MeasurementStatus.Ok, IReadOnlyList<string>? reasons = null, string scenario = "single-stream")
    {
        var parts = id.Split('/');
        var latency = Latency(p50);
        return new MeasurementResult(
            id,
            parts[0],
            parts[1],
            parts[2],
            new LoadInfo(scenario, batch, 1) { Percentile = 0.9, Seed = 1 },
            status,
            null,
            latency,
            new ThroughputInfo(1000 / p50, 1000 / p50 * batch),
            new ColdStartInfo(20, 2.5),
            new MemoryInfo(96L << 20),
            new ValidityInfo(status == MeasurementStatus.Ok, reasons ?? [], 299),
            "samples.csv");
    }

    private static LatencySummary Latency(double p50) => new(1000, p50 * 1.05, p50 * 0.1, p50 * 0.8, p50, p50 * 1.25, p50 * 1.4, p50 * 1.75, p50 * 2.5, p50 * 3);

    private static MeasurementResult Accuracy(string id, double top1, bool rejected, int failed = 0)
    {
        var parts = id.Split('/');
        var accuracy = new AccuracyInfo(
            "ocr-directions",
            "classification",
            400,
            812.5,
            new HeadlineMetric("top1", top1, top1 - 0.0075, Math.Min(1, top1 + 0.005), 0.95, 200, 1, true),
            new Dictionary<string, double> { ["top1"] = top1, ["ece"] = 0.0125, ["f1"] = top1 - 0.001 },
            [
                new SliceTable("font", "top1", [new SliceRow("DejaVuSans", 200, top1 + 0.004), new SliceRow("DejaVuSerif", 200, top1 - 0.004)], new SliceRow("DejaVuSerif", 200, top1 - 0.004)),
                new SliceTable("size", "top1", [new SliceRow("small", 100, top1 - 0.01), new SliceRow("large", 300, top1)], new SliceRow("small", 100, top1 - 0.01)),
            ],
            failed,
            [.. Enumerable.Range(0, failed).Select(i => $"line-{i}: the model returned NaN")])
        {
            Shifts = [new ShiftResult("noise", 0.1, top1 - 0.05, 0.05, 0.125, 0.0825)],
            Rejected = rejected,
            RejectedReason = rejected ? "top1 dropped 4.8 points against fp32 (at most 1.0 allowed)" : null,
        };
        return new MeasurementResult(id, parts[0], parts[1], parts[2], new LoadInfo("accuracy", 8, 1), MeasurementStatus.Ok, null, null, null, new ColdStartInfo(20, 2.5), new MemoryInfo(96L << 20), new ValidityInfo(true, []), null)
        {
            Accuracy = accuracy,
        };
    }

    private static VariantInfo Made(string kind, long size, bool cacheHit) =>
        new(kind, size, 585_000, cacheHit, 41, [new SkippedNodes("Softmax", "not quantizable", 1), new SkippedNodes("Reshape", "moves data only", 3)], []);
}
