using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Harness.Execute.Protocol;
using Harness.Plan;
using Harness.Results;
using Harness.Roofline;

namespace Harness.Execute.Remote;

/// <summary>
/// Runs an agent target's jobs on its agent: checks who the agent is and that it speaks this
/// protocol, times a few small requests (the round trip reported beside the job's figures), sends
/// the model once by its sha256, then the job, and relays the worker's progress as it streams back.
/// Whatever goes wrong (the agent is down, refuses the token, speaks another version, refuses the
/// upload, drops the connection) fails this job with a sentence that says so; the run goes on.
/// </summary>
public sealed class AgentJobRunner(AgentEndpoint endpoint) : IJobRunner, IDisposable
{
    /// <summary>Requests timed before each job: enough for a median, few enough to cost nothing.</summary>
    public const int Pings = 5;

    /// <summary>The agent's worker runs the job on the agent's own CPU.</summary>
    private const string AgentDevice = "cpu";

    // Beyond the job's own limit (which the agent enforces on its worker): time for the result to come back.
    private static readonly TimeSpan ResultMargin = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(30);

    // The probe takes a second or two, but waits its turn behind jobs other runs queued on the agent.
    private static readonly TimeSpan PeaksTimeout = TimeSpan.FromMinutes(30);

    private readonly Dictionary<(string Path, long Length, DateTime Modified), string> digests = [];

    // The agent's peaks by the thread count asked for, for the run: each is asked for once.
    private readonly Dictionary<int, PeakFigures> peaks = [];

    private HttpClient? client;

    private string Url => endpoint.Url.ToString().TrimEnd('/');

    public async Task<WorkerOutcome> RunAsync(JobDocument document, TimeSpan timeout, Action<string> onPhase, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(onPhase);
        if (document.Job.Model.TestDataDirectory is not null)
        {
            return new WorkerOutcome(null, $"model '{document.Job.Model.Name}' takes its inputs from a test_data folder, which is not sent to agents; give it generated inputs for the agent target");
        }

        try
        {
            client ??= AgentHttpClient.Create(endpoint);
        }
        catch (Exception e) when (UserFacingException.Describes(e) || e is System.Security.Cryptography.CryptographicException)
        {
            // The token or CA file cannot be read: this target's jobs fail, the others run.
            return new WorkerOutcome(null, $"agent target at {Url}: {e.Message}");
        }

        var http = client;
        var stage = "reach";
        try
        {
            onPhase($"connecting to the agent at {Url}");
            var hello = await HelloAsync(http, cancellation).ConfigureAwait(false);
            var roundTrip = await PingAsync(http, cancellation).ConfigureAwait(false);
            var peaks = await PeaksAsync(http, hello, document.Job.Target.IntraOpThreads, onPhase, cancellation).ConfigureAwait(false);
            stage = "upload";
            var sha256 = await UploadAsync(http, document.Job.Model.Path, hello, onPhase, cancellation).ConfigureAwait(false);
            stage = "job";
            var job = document.Job;
            var sent = document with
            {
                Job = job with { Model = job.Model with { Path = AgentProtocol.ModelReference(sha256) }, Target = job.Target with { Device = AgentDevice } },
                SamplesPath = string.Empty,
            };
            var outcome = await StreamJobAsync(http, sent, document.SamplesPath, timeout, onPhase, cancellation).ConfigureAwait(false);
            if (outcome.Result is not { } result)
            {
                return (outcome.Error is { } error ? new WorkerOutcome(null, $"on the agent {hello.Host} ({Url}): {error}") : outcome) with { Agent = hello };
            }

            var remote = new RemoteInfo(Url, hello.Host, hello.Architecture, hello.Environment.Os, hello.Environment.Cpu, hello.Environment.Cores, hello.Environment.MemoryBytes, hello.Environment.OnnxRuntime, hello.Harness, roundTrip);
            return new WorkerOutcome(result with { Remote = remote }, null) { Agent = hello, Peaks = peaks };
        }
        catch (AgentCallException e)
        {
            return new WorkerOutcome(null, e.Message);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return new WorkerOutcome(null, "cancelled");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            var why = Innermost(e);
            return new WorkerOutcome(null, stage switch
            {
                "reach" => $"cannot reach the agent at {Url} ({why}); start 'harness agent' there, or correct the target's url",
                "upload" => $"the connection to the agent at {Url} failed while the model was sent ({why})",
                _ => $"the connection to the agent at {Url} dropped mid-job ({why}); the agent stops a job whose client is gone, so run it again",
            });
        }
    }

    public void Dispose() => client?.Dispose();

    private async Task<AgentHello> HelloAsync(HttpClient http, CancellationToken cancellation)
    {
        using var response = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, AgentProtocol.HelloPath), RequestTimeout, cancellation).ConfigureAwait(false);
        var hello = await response.Content.ReadFromJsonAsync<AgentHello>(ResultsJson.Compact, cancellation).ConfigureAwait(false);
        if (hello is null || hello.Schema != AgentHello.SchemaName)
        {
            throw new AgentCallException($"{Url} answered, but not as a harness agent; check the target's url");
        }

        if (hello.Protocol != AgentProtocol.Version)
        {
            var self = EnvironmentProbe.Harness();
            throw new AgentCallException(
                $"the agent at {Url} (harness {hello.Harness.Version}, {hello.Harness.Commit}) speaks job protocol version {hello.Protocol}, " +
                $"but this harness ({self.Version}, {self.Commit}) speaks version {AgentProtocol.Version}; run the same harness version on both sides");
        }

        return hello;
    }

    /// <summary>
    /// The agent's CPU peaks at the job's thread count (0: the agent's every core), asked once per
    /// run and thread count; the agent probes them once and keeps them. A refusal leaves the job's
    /// figures without a roofline share rather than failing the job.
    /// </summary>
    private async Task<PeakFigures> PeaksAsync(HttpClient http, AgentHello hello, int threads, Action<string> onPhase, CancellationToken cancellation)
    {
        if (peaks.TryGetValue(threads, out var known))
        {
            return known;
        }

        onPhase("asking the agent for its roofline peaks");
        PeakFigures answer;
        try
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{AgentProtocol.PeaksPath}?threads={threads}");
            using var response = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, path), PeaksTimeout, cancellation).ConfigureAwait(false);
            answer = await response.Content.ReadFromJsonAsync<PeakFigures>(ResultsJson.Compact, cancellation).ConfigureAwait(false)
                ?? throw new AgentCallException($"the agent at {Url} answered its peaks request with nothing");
        }
        catch (Exception e) when (e is AgentCallException or JsonException)
        {
            answer = PeakFigures.Unavailable("cpu", hello.Environment.Cpu, e.Message, DateTimeOffset.UtcNow) with { Host = hello.Host };
        }

        peaks[threads] = answer;
        return answer;
    }

    private static async Task<RoundTripInfo> PingAsync(HttpClient http, CancellationToken cancellation)
    {
        var times = new double[Pings];
        for (var i = 0; i < Pings; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, AgentProtocol.HelloPath), RequestTimeout, cancellation).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return new RoundTripInfo(Pings, times[0], times[Pings / 2], times[^1]);
    }

    /// <summary>Sends the model unless the agent holds it already; the agent checks the bytes against the name.</summary>
    private async Task<string> UploadAsync(HttpClient http, string path, AgentHello hello, Action<string> onPhase, CancellationToken cancellation)
    {
        var file = new FileInfo(path);
        var sha256 = Digest(file);
        using (var head = new HttpRequestMessage(HttpMethod.Head, AgentProtocol.ModelsPath + sha256))
        {
            using var found = await SendAsync(http, head, RequestTimeout, cancellation, allowNotFound: true).ConfigureAwait(false);
            if (found.StatusCode == HttpStatusCode.OK)
            {
                return sha256;
            }
        }

        if (file.Length > hello.MaxUploadBytes)
        {
            throw new AgentCallException(
                $"model {path} is {Megabytes(file.Length)}, over the agent's upload limit of {Megabytes(hello.MaxUploadBytes)} " +
                $"(start the agent at {Url} with a larger --max-upload-mb)");
        }

        onPhase($"uploading the model to the agent ({Megabytes(file.Length)})");
        await using var stream = file.OpenRead();
        using var request = new HttpRequestMessage(HttpMethod.Put, AgentProtocol.ModelsPath + sha256) { Content = new StreamContent(stream) };
        request.Content.Headers.ContentLength = file.Length;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        // The agent answers a refused upload (too large) before the body is sent.
        request.Headers.ExpectContinue = true;
        using var stored = await SendAsync(http, request, UploadTimeout, cancellation).ConfigureAwait(false);
        return sha256;
    }

    private async Task<WorkerOutcome> StreamJobAsync(HttpClient http, JobDocument sent, string samplesPath, TimeSpan timeout, Action<string> onPhase, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AgentProtocol.JobsPath)
        {
            Content = new StringContent(JobDocumentJson.Write(sent), Encoding.UTF8, "application/json"),
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var response = await SendAsync(http, request, Timeout.InfiniteTimeSpan, deadline.Token, headersOnly: true).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false), Encoding.UTF8);
        var started = false;
        var samplesWritten = false;
        try
        {
            while (await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                using var json = JsonDocument.Parse(line);
                var kind = json.RootElement.TryGetProperty("kind", out var k) ? k.GetString() : null;
                if (kind == AgentProtocol.SamplesKind)
                {
                    var samples = json.RootElement.Deserialize<SamplesMessage>(ResultsJson.Compact)!;
                    await File.WriteAllTextAsync(samplesPath, samples.Samples, CancellationToken.None).ConfigureAwait(false);
                    samplesWritten = true;
                    continue;
                }

                var message = json.RootElement.Deserialize<WorkerMessage>(ResultsJson.Compact)!;
                switch (message.Kind)
                {
                    case WorkerMessage.PhaseKind when message.Phase is { } phase:
                        if (!started && !phase.StartsWith(AgentProtocol.QueuedPhase, StringComparison.Ordinal))
                        {
                            // The job's clock starts when the agent starts it, not while it waits in the agent's queue.
                            started = true;
                            deadline.CancelAfter(timeout + ResultMargin);
                        }

                        onPhase(phase);
                        break;
                    case WorkerMessage.ResultKind when message.Result is { } result:
                        return new WorkerOutcome(samplesWritten ? result : result with { SamplesFile = null }, null);
                    case WorkerMessage.ErrorKind:
                        return new WorkerOutcome(null, message.Error ?? "the agent reported an error without a message");
                    case WorkerMessage.FailureKind when message.Failure is { } failure:
                        return new WorkerOutcome(null, failure.Describe());
                }
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new WorkerOutcome(null, $"no result from the agent {Quantities.FormatDuration(timeout + ResultMargin)} after the job started (the job's limit and a minute for the answer)");
        }
        catch (JsonException e)
        {
            return new WorkerOutcome(null, $"the agent at {Url} sent a line that is not a protocol message ({e.Message})");
        }

        throw new IOException("the answer ended before the job's result");
    }

    /// <summary>Sends one request with its own time limit; an answer other than success becomes the agent's own sentence.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan limit, CancellationToken cancellation, bool allowNotFound = false, bool headersOnly = false)
    {
        request.Headers.Add(AgentProtocol.VersionHeader, AgentProtocol.Version.ToString(CultureInfo.InvariantCulture));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(limit);
        var response = await http.SendAsync(request, headersOnly ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, timer.Token).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
        {
            return response;
        }

        using (response)
        {
            var body = (await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false)).Trim();
            throw new AgentCallException(AgentHttpClient.Describe(http.BaseAddress!, response.StatusCode, body));
        }
    }

    private string Digest(FileInfo file)
    {
        var key = (file.FullName, file.Length, file.LastWriteTimeUtc);
        if (!digests.TryGetValue(key, out var sha256))
        {
            using var stream = file.OpenRead();
            sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
            digests[key] = sha256;
        }

        return sha256;
    }

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + " MB";

    private static string Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e is OperationCanceledException ? "no answer in time" : e.Message;
    }
}
