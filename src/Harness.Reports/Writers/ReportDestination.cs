using Spectre.Console;

namespace Harness.Reports.Writers;

/// <summary>Where writers put a run's report: the console for the console writer, the run's folder for file formats.</summary>
public sealed record ReportDestination(IAnsiConsole Console, string RunDirectory);
