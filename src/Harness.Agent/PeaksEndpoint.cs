using System.Globalization;
using System.Text.Json;
using Harness.Execute.Remote;
using Harness.Results;
using Harness.Roofline;
using Microsoft.AspNetCore.Http;

namespace Harness.Agent;

/// <summary>
/// <c>GET /v1/peaks?threads=N</c>: this machine's CPU roof at N threads, so a run can place the
/// agent's measurements under the agent's own peaks rather than its own machine's. The probe takes
/// the job queue's turn like a job (a probe and a job on the same cores would spoil each other's
/// figures) and runs once per processor and thread count: its figures are kept in the store's
/// <c>roofline/</c> folder (<see cref="PeakCache"/>) and read back by every later request.
/// </summary>
public sealed class PeaksEndpoint(JobQueue queue, PeakCache cache, TimeSpan probeRound, TextWriter log)
{
    /// <summary>More threads than cores only measures the scheduler; a few times the cores is allowed for hyperthread-shy kernels.</summary>
    private static int MaxThreads => 4 * Environment.ProcessorCount;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var aborted = context.RequestAborted;
        var asked = context.Request.Query["threads"].ToString();
        var threads = 0;
        if (asked.Length > 0 && (!int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads > MaxThreads))
        {
            await AgentAnswers.TextAsync(context, StatusCodes.Status400BadRequest, $"threads is '{ModelStore.Printable(asked)}'; give a count from 1 to {MaxThreads} (or 0: every core)").ConfigureAwait(false);
            return;
        }

        threads = threads > 0 ? threads : Environment.ProcessorCount;
        if (queue.TryJoin() is null)
        {
            await AgentAnswers.TextAsync(context, StatusCodes.Status503ServiceUnavailable, $"{AgentOptions.MaxQueuedJobs} jobs wait already; try again when they are done").ConfigureAwait(false);
            return;
        }

        var hadTurn = false;
        PeakFigures peaks;
        try
        {
            await queue.WaitTurnAsync(aborted).ConfigureAwait(false);
            hadTurn = true;
            var probe = new CpuPeakProbe(probeRound);
            peaks = await Task.Run(() => cache.GetOrMeasure(probe, threads), aborted).ConfigureAwait(false);
        }
        finally
        {
            queue.Leave(hadTurn);
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"harness agent: roofline at {threads} thread(s): fp32 {peaks.Fp32Gflops:0.#} GFLOP/s, triad {peaks.BandwidthGBps:0.#} GB/s"));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(peaks with { Host = Environment.MachineName }, ResultsJson.Compact), aborted).ConfigureAwait(false);
    }
}
