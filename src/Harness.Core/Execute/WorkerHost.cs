using System.Text.Json;
using Harness.Execute.Protocol;
using Harness.Measure;
using Harness.Measure.Placement;
using Harness.Results;

namespace Harness.Execute;

/// <summary>
/// The worker side of the protocol (<c>harness worker</c>): read one <see cref="JobDocument"/>,
/// measure it, answer. Errors the user can fix (<see cref="UserFacingException"/>: a job document of
/// another version, a model ORT refuses, inputs that do not fit) are answered as <c>error</c>
/// messages. Any other exception is a bug: it is answered as a <c>failure</c> (its type, first line
/// and innermost cause) before the worker exits, and its stack trace goes to stderr.
/// </summary>
public static class WorkerHost
{
    /// <summary>Test hook: makes the worker die the way a native crash would, to prove the run survives it.</summary>
    public const string FaultVariable = "HARNESS_WORKER_FAULT";

    /// <summary>The exit code of a worker that answered a <c>failure</c>: EX_SOFTWARE, an internal error.</summary>
    public const int FailureExitCode = 70;

    public static int Run(TextReader input, TextWriter output)
    {
        var line = input.ReadLine();
        if (string.IsNullOrWhiteSpace(line))
        {
            Console.Error.WriteLine("harness worker: expected one job document as a JSON line on stdin");
            return 2;
        }

        void Send(WorkerMessage message)
        {
            output.WriteLine(JsonSerializer.Serialize(message, ResultsJson.Compact));
            output.Flush();
        }

        try
        {
            var document = JobDocumentJson.Read(line);
            // Pinned before anything is loaded, so every thread ONNX Runtime starts inherits the cores.
            var job = WorkerPlacement.Apply(JobDocumentMapping.ToJob(document));
            void ReportPhase(string phase)
            {
                Send(new WorkerMessage(WorkerMessage.PhaseKind, Phase: phase));
                InjectFault(phase);
            }

            if (document.InTurns is { } turns)
            {
                var other = JobDocumentMapping.ToJob(turns);
                var (mine, theirs) = TurnTakingMeasurer.Measure(job, document.SamplesPath, other, turns.SamplesPath, ReportPhase);
                Send(new WorkerMessage(WorkerMessage.ResultKind, Result: WorkerPlacement.Check(mine, job), InTurnsResult: WorkerPlacement.Check(theirs, other)));
                return 0;
            }

            var result = WorkerPlacement.Check(JobMeasurer.Measure(job, document.SamplesPath, ReportPhase), job);
            Send(new WorkerMessage(WorkerMessage.ResultKind, Result: result));
            return 0;
        }
        catch (Exception e) when (UserFacingException.Describes(e))
        {
            Send(new WorkerMessage(WorkerMessage.ErrorKind, Error: e.Message));
            return 3;
        }
        catch (Exception e)
        {
            Send(new WorkerMessage(WorkerMessage.FailureKind, Failure: WorkerFailure.Of(e)));
            Console.Error.WriteLine(e);
            return FailureExitCode;
        }
    }

    /// <summary><c>crash</c> dies as a native fault would; <c>throw</c> throws an exception no handler expects, caused by an OS error.</summary>
    private static void InjectFault(string phase)
    {
        var fault = Environment.GetEnvironmentVariable(FaultVariable);
        if (fault == "crash" && phase.StartsWith("measuring", StringComparison.Ordinal))
        {
            Environment.FailFast("harness worker: crash injected by " + FaultVariable);
        }

        if (fault == "throw" && phase.StartsWith("measuring", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "fault injected by " + FaultVariable + "\nsecond line of the message",
                new TypeInitializationException("Harness.Injected", new IOException("Read-only file system : '/injected/variants'")));
        }
    }
}
