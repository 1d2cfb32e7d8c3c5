namespace Harness.Measure.Sut;

/// <summary>
/// The system under test, in LoadGen's sense: it answers requests, numbered from 0 in arrival
/// order. Load generators decide when and how many at a time; the system decides how.
/// </summary>
public interface ISystemUnderTest : IDisposable
{
    /// <summary>The largest number of requests <see cref="Infer"/> accepts in one call.</summary>
    int MaxBatch { get; }

    /// <summary>Answers requests <paramref name="first"/> … first + count − 1 together, as one batch.</summary>
    void Infer(long first, int count);

    /// <summary>
    /// An independent handle on the same model for one more concurrent client (its own buffers,
    /// the same session), so closed-loop clients never share mutable state.
    /// </summary>
    ISystemUnderTest CreateClient();
}
