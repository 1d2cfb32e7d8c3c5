using System.Runtime.InteropServices;

namespace Harness.Cli.Commands;

/// <summary>
/// Turns SIGINT and SIGTERM into a cancellation the run can act on: the current worker (and its
/// process tree) is stopped, its job recorded as interrupted, the results written, and the process
/// exits with the shell's code for the signal (130, 143) instead of dying mid-write and leaving
/// its worker running.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;

    public StopSignals(CancellationToken outer)
    {
        source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public CancellationToken Token => source.Token;

    /// <summary>128 + the signal's number once one arrived; null while none has.</summary>
    public int? ExitCode { get; private set; }

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        source.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        // Keep the process alive until the results are written; a second signal finds the token
        // already cancelled and changes nothing.
        context.Cancel = true;
        ExitCode ??= context.Signal == PosixSignal.SIGINT ? 130 : 143;
        source.Cancel();
    }
}
