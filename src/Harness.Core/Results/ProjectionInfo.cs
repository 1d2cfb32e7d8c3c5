namespace Harness.Results;

/// <summary>
/// An emulated measurement carried over to the device it stands for: its latency scaled by how much
/// faster this machine's roof is than the device's published one at the model's arithmetic
/// intensity. An estimate, never a measurement: labelled <c>projected</c>, kept apart from the
/// measured figures it is made from, and only as good as the published peaks behind it.
/// </summary>
/// <param name="Device">The device projected onto (its profile's full name).</param>
/// <param name="Bound"><c>compute</c> or <c>memory</c>: the device's lower roof at the model's intensity.</param>
/// <param name="HostGflops">This machine's attainable rate at that intensity, from its measured peaks (fp32) over the roofs the device publishes.</param>
/// <param name="DeviceGflops">The device's, from its published peaks.</param>
/// <param name="Factor"><paramref name="HostGflops"/> / <paramref name="DeviceGflops"/>: what measured latencies are multiplied by.</param>
/// <param name="LatencyMs">The measured latency statistics times <paramref name="Factor"/>.</param>
/// <param name="SamplesPerSec">The measured samples per second divided by <paramref name="Factor"/>.</param>
/// <param name="Source">Where the device's published figures come from, and their date.</param>
public sealed record ProjectionInfo(
    string Device,
    string Bound,
    double HostGflops,
    double DeviceGflops,
    double Factor,
    LatencySummary LatencyMs,
    double? SamplesPerSec,
    string Source)
{
    /// <summary>Always <see cref="FigureKinds.Projected"/>: the label every projected figure carries.</summary>
    public string Figures => FigureKinds.Projected;
}
