using Harness.Devices;
using Harness.Plan;
using Harness.Price;

namespace Harness.Tests.Plan;

/// <summary>
/// Targets as scenarios write them: a cpu target's cores, spin-wait and memory limit; an edge
/// target's device profile (Harness's own table, another file, or the scenario's own profiles),
/// and every way of getting one wrong, each refused at its line and column before anything runs.
/// </summary>
public sealed class TargetPlacementReadingTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("targets");

    public TargetPlacementReadingTests() => File.WriteAllBytes(Path.Combine(folder, "m.onnx"), [1]);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Scenario Parse(string targets, string extra = "") => ScenarioParser.Parse($"""
        version: 1
        models:
          - name: m
            path: m.onnx
        targets:
        {targets}
        {extra}
        """, Path.Combine(folder, "s.yaml"));

    private (long Line, long Column, string Problem) Fails(string targets, string extra = "")
    {
        var error = Assert.Throws<ScenarioException>(() => Parse(targets, extra));
        return (error.Line, error.Column, error.Problem);
    }

    [Fact]
    public void Should_Read_A_Cpu_Targets_Cores_Spin_Wait_And_Memory_Limit()
    {
        var targets = Parse("""
              - { name: one, cores: [1, 0], spin_wait: false, memory_limit: 512MiB }
              - { name: two, pin: 2 }
              - { name: free }
            """).Targets;

        Assert.Equal((CorePinning.Listed([1, 0]), (bool?)false, (long?)(512L << 20)), (targets[0].Pinning, targets[0].SpinWait, targets[0].MemoryLimitBytes));
        Assert.Equal(CorePinning.First(2), targets[1].Pinning);
        Assert.Equal(((CorePinning?)null, (bool?)null, (long?)null, (EdgeEmulation?)null), (targets[2].Pinning, targets[2].SpinWait, targets[2].MemoryLimitBytes, targets[2].Emulation));
    }

    [Fact]
    public void Should_Refuse_Contradictory_Or_Malformed_Placement()
    {
        Assert.Equal((6L, 33L, "give either 'cores' (which cores) or 'pin' (how many) in targets[0], not both"), Fails("  - { name: c, cores: [0], pin: 1 }"));
        Assert.Equal((6L, 23L, "'cores' in targets[0] names core 0 twice"), Fails("  - { name: c, cores: [0, 0] }"));
        Assert.Equal((6L, 23L, "'cores' in targets[0] must be a list of core numbers, such as [0] or [0, 1]"), Fails("  - { name: c, cores: 0 }"));
        Assert.Equal((6L, 30L, "'memory_limit' in targets[0] is '8GB'; expected a size such as 512MiB or 8GiB"), Fails("  - { name: c, memory_limit: 8GB }"));
        Assert.Equal((6L, 25L, "'profile' applies to edge targets only; targets[0] is a cpu target (device: edge emulates a profile)"), Fails("  - { name: c, profile: raspberry-pi-5 }"));
    }

    [Fact]
    public void Should_Emulate_A_Shipped_Profile_With_Its_Cores_Memory_Threads_And_Price()
    {
        var target = Assert.Single(Parse("  - { name: pi5, device: edge, profile: raspberry-pi-5 }").Targets);

        Assert.Equal(TargetDevice.Edge, target.Device);
        Assert.Equal((4, CorePinning.First(4), (long?)(8L << 30)), (target.IntraOpThreads, target.Pinning, target.MemoryLimitBytes));
        Assert.Equal(new EdgeEmulation("raspberry-pi-5", "Raspberry Pi 5 (8 GB)", "4x Arm Cortex-A76 at 2.4 GHz (Broadcom BCM2712)", 4, 8L << 30), target.Emulation);
        // Priced by the one entry that holds the device's price and watts.
        Assert.Equal(new TargetPrice(null, "raspberry-pi-5-8gb", "us-residential", null), target.Price);
        Assert.Equal(2, Parse("  - { name: pi5, device: edge, profile: raspberry-pi-5, threads: 2 }").Targets[0].IntraOpThreads);
    }

    [Fact]
    public void Should_Name_The_Known_Profiles_When_One_Is_Unknown_Or_Missing()
    {
        Assert.Equal(
            (6L, 40L, "'profile' in targets[0] is 'raspberry-pi-6' (did you mean 'raspberry-pi-5'?); expected one of: raspberry-pi-5, raspberry-pi-4, jetson-orin-nano"),
            Fails("  - { name: pi, device: edge, profile: raspberry-pi-6 }"));
        Assert.Equal(
            (6L, 5L, "targets[0] is an edge target without a 'profile'; name one of: raspberry-pi-5, raspberry-pi-4, jetson-orin-nano"),
            Fails("  - { name: pi, device: edge }"));
        Assert.Equal(
            (6L, 63L, "'cores' does not apply to an edge target: it runs on its profile's 4 cores and 8192 MiB ('raspberry-pi-5'); use a cpu target to choose them"),
            Fails("  - { name: pi, device: edge, profile: raspberry-pi-5, cores: [0] }"));
    }

    [Fact]
    public void Should_Add_A_Scenarios_Own_Profiles_And_Read_Another_Device_File()
    {
        const string Board = "{ device: Board, cpu: 2x Cortex-A55, architecture: arm64, cores: 2, memory: 1GiB, source: vendor sheet, date: 2026-01 }";
        var own = Parse("  - { name: b, device: edge, profile: board }", $"devices: {{ profiles: {{ board: {Board} }} }}").Targets[0];
        Assert.Equal((2, 1L << 30, (TargetPrice?)null), (own.IntraOpThreads, own.MemoryLimitBytes, own.Price));

        File.WriteAllText(Path.Combine(folder, "boards.yaml"), $"version: 1\nprofiles:\n  other: {Board}\n");
        var other = Parse("  - { name: o, device: edge, profile: other }", "devices: { table: boards.yaml }").Targets[0];
        Assert.Equal("other", other.Emulation!.Profile);
        Assert.Equal((6L, 39L, "'profile' in targets[0] is 'raspberry-pi-5'; expected one of: other"), Fails("  - { name: o, device: edge, profile: raspberry-pi-5 }", "devices: { table: boards.yaml }"));
    }

    [Fact]
    public void Should_Refuse_A_Profile_Without_Its_Source_Date_Or_Units()
    {
        Assert.Equal((9L, 8L, "profile 'b' is missing the required key 'date'"), Profile("{ device: B, cpu: C, architecture: arm64, cores: 2, memory: 1GiB, source: s }"));
        Assert.Equal((9L, 8L, "profile 'b' is missing the required key 'source'"), Profile("{ device: B, cpu: C, architecture: arm64, cores: 2, memory: 1GiB, date: d }"));
        Assert.Equal((9L, 68L, "'memory' in profile 'b' is '1GB'; expected a size such as 8GiB or 512MiB"), Profile("{ device: B, cpu: C, architecture: arm64, cores: 2, memory: 1GB, source: s, date: d }"));
        Assert.Equal(
            (9L, 140L, "'peak_fp32' is '50'; expected a positive rate in GFLOP/s, such as 153.6GFLOP/s"),
            Profile("{ device: B, cpu: C, architecture: arm64, cores: 2, memory: 1GiB, source: s, date: d, performance: { source: s, date: d, peak_fp32: 50 } }"));
        Assert.Equal(
            (9L, 107L, "profile 'b'.performance is missing the required key 'date'"),
            Profile("{ device: B, cpu: C, architecture: arm64, cores: 2, memory: 1GiB, source: s, date: d, performance: { memory_bandwidth: 5GB/s, source: s } }"));

        (long, long, string) Profile(string profile) => Fails("  - { name: b, device: edge, profile: b }", $"devices:\n  profiles:\n    b: {profile}");
    }

    [Fact]
    public void Should_Project_Only_An_Edge_Target_Whose_Profile_Publishes_Its_Peaks()
    {
        var pi5 = Parse("  - { name: pi5, device: edge, profile: raspberry-pi-5, projected: true }").Targets[0];
        Assert.Equal((153.6, 17.1), (pi5.Emulation!.Published!.PeakGflops, pi5.Emulation.Published.MemoryBandwidthGBps));
        Assert.Null(Parse("  - { name: pi5, device: edge, profile: raspberry-pi-5 }").Targets[0].Emulation!.Published);

        const string Board = "{ device: B, cpu: C, architecture: arm64, cores: 2, memory: 1GiB, source: s, date: d }";
        Assert.Equal(
            (6L, 53L, "profile 'b' publishes no performance figures (peak_fp32, memory_bandwidth) to project onto; add them to its 'performance', or drop 'projected'"),
            Fails("  - { name: b, device: edge, profile: b, projected: true }", $"devices: {{ profiles: {{ b: {Board} }} }}"));
        Assert.Equal(
            (6L, 27L, "'projected' applies to edge targets only: it scales their emulated figures by their profile's published peaks"),
            Fails("  - { name: c, projected: true }"));
    }

    [Fact]
    public void Should_Refuse_A_Profile_Priced_By_An_Entry_The_Price_Table_Lacks()
    {
        const string Board = "{ device: B, cpu: C, architecture: arm64, cores: 2, memory: 1GiB, price: board-2gb, source: s, date: d }";
        Assert.Equal(
            (6L, 39L, "profile 'b' is priced by the price table's device 'board-2gb', which the table lacks; it has: raspberry-pi-5-8gb, raspberry-pi-4-4gb, jetson-orin-nano-super"),
            Fails("  - { name: b, device: edge, profile: b }", $"devices: {{ profiles: {{ b: {Board} }} }}"));
    }

    [Fact]
    public void Should_Ship_Profiles_Each_With_Its_Sources_And_A_Price_Entry_In_The_Shipped_Price_Table()
    {
        var devices = DeviceTableReader.ReadFile(Path.Combine(TestAssets.RepositoryRoot, "scenarios", "devices.yaml"));
        var prices = PriceTableReader.ReadFile(Path.Combine(TestAssets.RepositoryRoot, "scenarios", "prices.yaml"));

        Assert.Equal(["raspberry-pi-5", "raspberry-pi-4", "jetson-orin-nano"], devices.Profiles.Keys);
        Assert.All(devices.Profiles.Values, p =>
        {
            Assert.Contains(p.PriceEntry!, prices.Devices.Keys);
            Assert.False(string.IsNullOrWhiteSpace(p.Performance!.Source));
            Assert.True(p.Performance.PeakGflops > 0 && p.Performance.MemoryBandwidthGBps > 0);
        });
    }
}
