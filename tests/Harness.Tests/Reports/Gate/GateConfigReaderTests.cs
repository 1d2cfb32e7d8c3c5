using Harness.Plan;
using Harness.Reports.Gate;

namespace Harness.Tests.Reports.Gate;

public sealed class GateConfigReaderTests
{
    [Fact]
    public void Should_Read_Thresholds_Overrides_And_Ignores_Keeping_Defaults_For_What_Is_Left_Out()
    {
        var config = GateConfigReader.Read("""
            version: 1
            significance: 0.5%
            noise_floor: 50us
            p50: { warn: 2%, fail: 4% }
            overrides:
              - { match: "rec/*", p50: { fail: 8% } }
            ignore: ["*/fp16/*"]
            """, "gate.yaml");

        Assert.Equal(0.005, config.Significance, 12);
        Assert.Equal(0.05, config.NoiseFloorMs, 12);
        Assert.Equal(new GateThreshold(0.02, 0.04), config.P50);
        Assert.Equal(GateConfig.Default.P99, config.P99);
        Assert.Equal(GateConfig.Default.Resamples, config.Resamples);
        Assert.Equal((new GateThreshold(0.02, 0.08), GateConfig.Default.P99), config.ThresholdsFor("rec/fp32/cpu/single-stream"));
        Assert.Equal((config.P50, config.P99), config.ThresholdsFor("cls/fp32/cpu/single-stream"));
        Assert.True(config.Ignores("cls/fp16/cpu/offline-b8"));
        Assert.False(config.Ignores("cls/fp32/cpu/offline-b8"));
    }

    [Theory]
    [InlineData("version: 1\np50: { fails: 5% }\n", "gate.yaml:2:8: unknown key 'fails' in 'p50' in the gate file (did you mean 'fail'?); expected one of: warn, fail")]
    [InlineData("version: 1\np50: { warn: 8%, fail: 5% }\n", "gate.yaml:2:14: 'warn' in 'p50' in the gate file is 8%, above its fail threshold of 5%; expected warn ≤ fail")]
    [InlineData("version: 1\nsignificance: 150%\n", "gate.yaml:2:15: 'significance' in the gate file is 150%; expected a level strictly between 0 and 1, such as 1% or 0.99")]
    [InlineData("version: 1\nnoise_floor: fast\n", "gate.yaml:2:14: 'noise_floor' in the gate file is 'fast'; expected a duration of 0 or more such as 0.02ms or 50us")]
    [InlineData("version: 1\noverrides:\n  - { p50: { fail: 5% } }\n", "gate.yaml:3:5: overrides[0] is missing the required key 'match'")]
    [InlineData("version: 2\n", "gate.yaml:1:10: 'version' in the gate file is 2; expected a number from 1 to 1")]
    public void Should_Locate_Each_Mistake_By_File_Line_And_Column(string text, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => GateConfigReader.Read(text, "gate.yaml"));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("*", "a/b/c/d", true)]
    [InlineData("a/*/c/d", "a/fp32/c/d", true)]
    [InlineData("a/*", "b/fp32", false)]
    [InlineData("*/offline-b8", "cls/fp32/cpu/offline-b8", true)]
    [InlineData("*/offline-b8", "cls/fp32/cpu/offline-b16", false)]
    [InlineData("cls/fp32/cpu/single-stream", "cls/fp32/cpu/single-stream", true)]
    public void Should_Match_Ids_With_Stars_Standing_For_Any_Text(string glob, string id, bool matches) =>
        Assert.Equal(matches, IdGlob.Matches(glob, id));
}
