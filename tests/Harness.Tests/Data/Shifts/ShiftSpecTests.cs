using Harness.Data.Shifts;

namespace Harness.Tests.Data.Shifts;

public sealed class ShiftSpecTests
{
    [Theory]
    [InlineData("noise", ShiftKind.GaussianNoise)]
    [InlineData("brightness", ShiftKind.Brightness)]
    [InlineData("contrast", ShiftKind.Contrast)]
    [InlineData("translation", ShiftKind.Translation)]
    [InlineData("occlusion", ShiftKind.Occlusion)]
    public void Scenario_names_parse_and_round_trip(string name, ShiftKind kind)
    {
        Assert.Equal(kind, ShiftKinds.Parse(name));
        Assert.Equal(name, kind.Name());
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ShiftKinds.Parse("blur"));

        Assert.Contains("Unknown shift 'blur'; known shifts are noise, brightness, contrast, translation, occlusion.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ShiftKind.GaussianNoise, -0.01)]
    [InlineData(ShiftKind.Brightness, 1.5)]
    [InlineData(ShiftKind.Contrast, -1.2)]
    [InlineData(ShiftKind.Translation, -1.01)]
    [InlineData(ShiftKind.Occlusion, 1.1)]
    [InlineData(ShiftKind.GaussianNoise, double.NaN)]
    [InlineData(ShiftKind.Brightness, double.PositiveInfinity)]
    public void Strengths_outside_a_kinds_range_are_refused(ShiftKind kind, double strength)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ShiftSpec(kind, strength, 1));

        Assert.Contains(kind.Name() + " takes a strength in", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_show_the_strength_and_a_fill_that_is_not_the_default()
    {
        Assert.Equal("noise(0.05)", new ShiftSpec(ShiftKind.GaussianNoise, 0.05, 1).ToString());
        Assert.Equal("contrast(-0.5)", new ShiftSpec(ShiftKind.Contrast, -0.5, 1).ToString());
        Assert.Equal("occlusion(0.2)", new ShiftSpec(ShiftKind.Occlusion, 0.2, 1) { Fill = ShiftFill.Mean }.ToString());
        Assert.Equal("occlusion(0.2, pad)", new ShiftSpec(ShiftKind.Occlusion, 0.2, 1) { Fill = ShiftFill.Pad }.ToString());
        Assert.Equal("translation(0.1, mean)", new ShiftSpec(ShiftKind.Translation, 0.1, 1) { Fill = ShiftFill.Mean }.ToString());
        Assert.Equal(ShiftFill.Background, new ShiftSpec(ShiftKind.Translation, 0.1, 1).EffectiveFill);
        Assert.Equal(ShiftFill.Mean, new ShiftSpec(ShiftKind.Occlusion, 0.1, 1).EffectiveFill);
        Assert.Equal(new ShiftSpec(ShiftKind.Brightness, 0.1, 2), new ShiftSpec(ShiftKind.Brightness, 0.1, 2));
        Assert.True(new ShiftSpec(ShiftKind.Occlusion, 0, 1).IsIdentity);
    }
}
