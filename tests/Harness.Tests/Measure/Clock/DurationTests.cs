using System.Diagnostics;
using Harness.Measure.Clock;

namespace Harness.Tests.Measure.Clock;

public sealed class DurationTests
{
    [Fact]
    public void Should_Convert_Ticks_To_Milliseconds_Seconds_And_Back()
    {
        var second = Duration.FromSeconds(1);
        Assert.Equal(Stopwatch.Frequency, second.Ticks);
        Assert.Equal(1000, second.Milliseconds, 9);
        Assert.Equal(1, second.Seconds, 12);
        Assert.Equal(TimeSpan.FromSeconds(1), second.ToTimeSpan());
        Assert.Equal(Duration.FromMilliseconds(250), Duration.From(TimeSpan.FromMilliseconds(250)));
        Assert.Equal(2.5, Duration.Between(Stopwatch.Frequency, Stopwatch.Frequency + (Stopwatch.Frequency / 400)).Milliseconds, 9);
    }
}
