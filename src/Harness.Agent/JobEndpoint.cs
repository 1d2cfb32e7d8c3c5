using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Harness.Data;
using Harness.Execute;
using Harness.Execute.Protocol;
using Harness.Execute.Remote;
using Harness.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Harness.Agent;

/// <summary>
/// <c>POST /v1/jobs</c>: one job document, run in a fresh worker process on this machine as the
/// local orchestrator runs it, its progress and result streamed back as the worker's own message
/// lines. The document names its model by sha256 only; the agent puts its own paths in (the stored
/// model, a scratch folder for the samples) before the worker sees it. A client that goes away
/// takes its job with it: the worker is stopped and the next job starts.
/// </summary>
public sealed class JobEndpoint(ModelStore models, JobQueue queue, string scratchRoot, TextWriter log)
{
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var aborted = context.RequestAborted;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AgentOptions.MaxJobDocumentBytes;
        }

        JobDocument document;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            document = JobDocumentJson.Read(await reader.ReadToEndAsync(aborted).ConfigureAwait(false));
        }
        catch (JobDocumentException e)
        {
            await AgentAnswers.TextAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }

        if (Refusal(document) is { } refusal)
        {
            await AgentAnswers.TextAsync(context, StatusCodes.Status400BadRequest, refusal).ConfigureAwait(false);
            return;
        }

        if (queue.TryJoin() is not { } ahead)
        {
            await AgentAnswers.TextAsync(context, StatusCodes.Status503ServiceUnavailable, $"{AgentOptions.MaxQueuedJobs} jobs wait already; try again when they are done").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = AgentProtocol.MediaTypeJobStream;
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var pump = PumpAsync(lines.Reader, context.Response, aborted);
        var hadTurn = false;
        var folder = Path.Combine(scratchRoot, Guid.NewGuid().ToString("N"));
        try
        {
            if (ahead > 0)
            {
                Send(lines, new WorkerMessage(WorkerMessage.PhaseKind, Phase: $"{AgentProtocol.QueuedPhase} behind {ahead} job(s)"));
            }

            await queue.WaitTurnAsync(aborted).ConfigureAwait(false);
            hadTurn = true;
            Directory.CreateDirectory(folder);
            var job = document.Job;
            var local = document with
            {
                Job = job with { Model = job.Model with { Path = models.Find(ModelSha256(document)!)! } },
                SamplesPath = Path.Combine(folder, "samples.csv"),
            };
            var outcome = await WorkerProcess.RunAsync(local, TimeSpan.FromMilliseconds(job.Rules.JobTimeoutMs), phase => Send(lines, new WorkerMessage(WorkerMessage.PhaseKind, Phase: phase)), aborted).ConfigureAwait(false);
            if (outcome.Result is { } result)
            {
                if (result.SamplesFile is not null && File.Exists(local.SamplesPath))
                {
                    lines.Writer.TryWrite(JsonSerializer.Serialize(new SamplesMessage(AgentProtocol.SamplesKind, await File.ReadAllTextAsync(local.SamplesPath, aborted).ConfigureAwait(false)), ResultsJson.Compact));
                }

                Send(lines, new WorkerMessage(WorkerMessage.ResultKind, Result: result with { SamplesFile = result.SamplesFile is null ? null : "samples.csv" }));
            }
            else
            {
                Send(lines, new WorkerMessage(WorkerMessage.ErrorKind, Error: outcome.Error));
            }

            log.WriteLine($"harness agent: job {job.Id} from {context.Connection.RemoteIpAddress}: {(outcome.Result is { } r ? r.Status : "failed: " + outcome.Error)}");
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            log.WriteLine($"harness agent: job {document.Job.Id} from {context.Connection.RemoteIpAddress}: the client went away; its worker was stopped");
        }
        finally
        {
            queue.Leave(hadTurn);
            lines.Writer.TryComplete();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        await pump.ConfigureAwait(false);
    }

    /// <summary>Why the agent will not run a document that is well-formed; null when it will.</summary>
    private string? Refusal(JobDocument document)
    {
        var job = document.Job;
        var sha256 = ModelSha256(document);
        if (sha256 is null)
        {
            return $"the job names its model as '{ModelStore.Printable(job.Model.Path)}'; an agent reads models only by content ({AgentProtocol.ModelScheme}<64 hex digits>), uploaded first to {AgentProtocol.ModelsPath}<sha256>";
        }

        if (models.Find(sha256) is null)
        {
            return $"model {sha256} is not stored on this agent; upload it first to {AgentProtocol.ModelsPath}{sha256}";
        }

        if (job.Model.TestDataDirectory is not null)
        {
            return "test_data folders are not read by an agent: no path from a client is used as a path";
        }

        if (job.Target.Device is not ("cpu" or "no-op"))
        {
            return $"an agent runs jobs on its own CPU (device cpu or no-op), not '{ModelStore.Printable(job.Target.Device)}'";
        }

        // Datasets are named from the catalog and resolved from the agent's own cache, never from a client's path.
        foreach (var dataset in new[] { job.Model.Accuracy?.Dataset, job.Transform?.Calibration?.Dataset })
        {
            if (dataset is not null && !DatasetNames.All.Contains(dataset))
            {
                return $"unknown dataset '{ModelStore.Printable(dataset)}'; known datasets: {string.Join(", ", DatasetNames.All)}";
            }
        }

        return null;
    }

    private static string? ModelSha256(JobDocument document) =>
        AgentProtocol.TryParseModelReference(document.Job.Model.Path, out var sha256) ? sha256 : null;

    private static void Send(Channel<string> lines, WorkerMessage message) =>
        lines.Writer.TryWrite(JsonSerializer.Serialize(message, ResultsJson.Compact));

    /// <summary>Writes each line as it comes and flushes it, so progress reaches the client while the job runs.</summary>
    private static async Task PumpAsync(ChannelReader<string> lines, HttpResponse response, CancellationToken aborted)
    {
        try
        {
            await foreach (var line in lines.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                await response.WriteAsync(line + "\n", aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client is gone; the job's own cancellation stops the worker.
        }
    }
}
