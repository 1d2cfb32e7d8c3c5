using System.CommandLine;
using Harness.Cli.Commands;

namespace Harness.Cli;

/// <summary>The <c>harness</c> verbs. Each verb's work lives in its own file under Commands/.</summary>
internal static class CommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Harness: benchmark and optimize ML inference from a YAML scenario.")
        {
            RunCommand.Create(),
            MergeCommand.Create(),
            SubmitCommand.Create(),
            ReportCommand.Create(),
            CompareCommand.Create(),
            GateCommand.Create(),
            HistoryCommand.Create(),
            InspectCommand.Create(),
            ConvertCommand.Create(),
            VerifyCommand.Create(),
            QuantizeCommand.Create(),
            DistillCommand.Create(),
            ProbeCommand.Create(),
            WorkerCommandLine.Create(),
            AgentCommand.Create(),
        };
        return root;
    }
}
