using System.Diagnostics.CodeAnalysis;
using Harness.Execute.Protocol;
using Harness.Results;

namespace Harness.Execute.Remote;

/// <summary>
/// How a run talks to a <c>harness agent</c> over HTTP. Every request carries the job protocol's
/// version in <see cref="VersionHeader"/> and the agent refuses another (409, naming both sides);
/// the client checks the version the agent states in its <see cref="AgentHello"/> the same way, so
/// a mismatch is caught in both directions before a model is sent. A job is the same
/// <see cref="JobDocument"/> a local worker reads, with the model named by its sha256 instead of a
/// path; the answer is the worker's own message lines, streamed as they come.
/// </summary>
public static class AgentProtocol
{
    public const string VersionHeader = "Harness-Protocol";

    /// <summary>GET: who the agent is (an <see cref="AgentHello"/>); also the round-trip ping.</summary>
    public const string HelloPath = "/v1/hello";

    /// <summary>HEAD (is it stored?) and PUT (store it) <c>/v1/models/{sha256}</c>: the model's bytes, checked against the name.</summary>
    public const string ModelsPath = "/v1/models/";

    /// <summary>
    /// GET <c>/v1/peaks?threads=N</c>: the agent's CPU peaks at N threads (a <see cref="Roofline.PeakFigures"/>),
    /// probed on the agent the first time they are asked for, between jobs, and kept in its store.
    /// </summary>
    public const string PeaksPath = "/v1/peaks";

    /// <summary>POST a job document; the answer streams <see cref="WorkerMessage"/> lines, a <see cref="SamplesKind"/> line before the result.</summary>
    public const string JobsPath = "/v1/jobs";

    /// <summary>A stream line that carries the job's per-request samples file (CSV) back to the run.</summary>
    public const string SamplesKind = "samples";

    /// <summary>The prefix of a job document's model path on the wire: the model is named by its content, never by a client's path.</summary>
    public const string ModelScheme = "sha256:";

    /// <summary>The phase an agent streams while a job waits behind others (its start is the job's own).</summary>
    public const string QueuedPhase = "queued on the agent";

    public const string MediaTypeJobStream = "application/x-ndjson";

    public static int Version => JobDocument.CurrentVersion;

    public static string ModelReference(string sha256) => ModelScheme + sha256;

    /// <summary>True for exactly 64 lower-case hex digits: the only model name an agent accepts.</summary>
    public static bool IsSha256(string? text)
    {
        if (text is not { Length: 64 })
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParseModelReference(string? path, [NotNullWhen(true)] out string? sha256)
    {
        sha256 = path is not null && path.StartsWith(ModelScheme, StringComparison.Ordinal) && IsSha256(path[ModelScheme.Length..]) ? path[ModelScheme.Length..] : null;
        return sha256 is not null;
    }
}

/// <summary>What an agent says about itself: the protocol it speaks, its machine and its limits.</summary>
/// <param name="Protocol">The <see cref="JobDocument"/> version it reads.</param>
/// <param name="MaxUploadBytes">The largest model it stores.</param>
public sealed record AgentHello(string Schema, int Protocol, HarnessInfo Harness, string Host, string Architecture, EnvironmentInfo Environment, long MaxUploadBytes)
{
    public const string SchemaName = "harness.agent";
}

/// <summary>The <see cref="AgentProtocol.SamplesKind"/> stream line.</summary>
public sealed record SamplesMessage(string Kind, string Samples);
