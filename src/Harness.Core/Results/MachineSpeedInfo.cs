namespace Harness.Results;

/// <summary>
/// The machine's speed on a fixed reference kernel (<see cref="Harness.Roofline.MachineSpeed"/>,
/// GFLOP/s on the measuring thread) just before and just after a measurement: the latency gate
/// compares runs only where the machine ran at one speed. The two samples are compared with the
/// same samples of other runs, never with each other: the one before runs right after the model
/// was loaded, while the runtime still has work of its own, and reads a few percent lower.
/// </summary>
public sealed record MachineSpeedInfo(double BeforeGflops, double AfterGflops);
