using System.CommandLine;
using Harness.Execute;

namespace Harness.Cli.Commands;

/// <summary><c>harness worker</c>: the measuring side of the job protocol (started by <c>run</c>, not by people).</summary>
internal static class WorkerCommandLine
{
    public static Command Create()
    {
        var command = new Command("worker", "Measure one job read as a JSON line from stdin (started by 'harness run').") { Hidden = true };
        command.SetAction(_ => WorkerHost.Run(Console.In, Console.Out));
        return command;
    }
}
