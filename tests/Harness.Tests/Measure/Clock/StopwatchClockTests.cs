using Harness.Measure.Clock;

namespace Harness.Tests.Measure.Clock;

public sealed class StopwatchClockTests
{
    [Fact]
    public void Should_Return_From_A_Wait_Only_Once_The_Deadline_Has_Passed()
    {
        var clock = new StopwatchClock();
        foreach (var wait in new[] { 0.01, 2, 30 })
        {
            var deadline = clock.GetTimestamp() + Duration.FromMilliseconds(wait).Ticks;
            var woke = clock.WaitUntil(deadline);
            Assert.True(woke >= deadline);
            Assert.True(clock.GetTimestamp() >= woke);
        }
    }
}
