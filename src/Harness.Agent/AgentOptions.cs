using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Harness.Agent;

/// <summary>
/// How an agent listens, checked before it does: an agent reachable beyond loopback runs jobs for
/// whoever reaches it, so it starts there only with a bearer token and TLS.
/// </summary>
/// <param name="Listen">The address and port (port 0: any free port, printed at start).</param>
/// <param name="Store">The folder that holds uploaded models and the jobs' scratch files.</param>
/// <param name="TokenSha256">The SHA-256 of the bearer token; null lets any local client in (loopback only).</param>
/// <param name="Certificate">The TLS certificate with its key; null serves plain HTTP (loopback only).</param>
/// <param name="MaxUploadBytes">The largest model the agent stores.</param>
public sealed record AgentOptions(IPEndPoint Listen, string Store, byte[]? TokenSha256, X509Certificate2? Certificate, long MaxUploadBytes)
{
    public const double DefaultMaxUploadMegabytes = 512;

    public const double DefaultProbeRoundMs = 50;

    /// <summary>How long each timed round of the roofline probe lasts (<see cref="Roofline.CpuPeakProbe"/>).</summary>
    public TimeSpan ProbeRound { get; init; } = TimeSpan.FromMilliseconds(DefaultProbeRoundMs);

    /// <summary>Requests one client address may make per minute; a run makes about eight per job.</summary>
    public const int RequestsPerMinute = 240;

    /// <summary>Jobs that may wait behind the running one; more are refused (503) rather than queued for ever.</summary>
    public const int MaxQueuedJobs = 16;

    /// <summary>A job document is a few kilobytes; anything near this is not one.</summary>
    public const long MaxJobDocumentBytes = 1 << 20;

    public static AgentOptions Create(string listen, string store, string? tokenFile, string? tlsCert, string? tlsKey, double maxUploadMegabytes)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(store);
        var endpoint = ParseListen(listen);
        if (maxUploadMegabytes <= 0 || double.IsNaN(maxUploadMegabytes) || maxUploadMegabytes > 1 << 20)
        {
            throw new AgentSetupException($"--max-upload-mb is {maxUploadMegabytes}; give a size in megabytes above 0, such as 512");
        }

        if ((tlsCert is null) != (tlsKey is null))
        {
            throw new AgentSetupException("give --tls-cert and --tls-key together: the certificate and its private key, both PEM files");
        }

        var token = tokenFile is null ? null : ReadToken(tokenFile);
        if (!IPAddress.IsLoopback(endpoint.Address) && (token is null || tlsCert is null))
        {
            throw new AgentSetupException(
                $"refusing to listen on {endpoint} beyond loopback without {(token is null && tlsCert is null ? "a token and TLS" : token is null ? "a token" : "TLS")}: " +
                "give --token-file and --tls-cert/--tls-key, or listen on 127.0.0.1 (and reach it through an SSH tunnel)");
        }

        var certificate = tlsCert is null ? null : LoadCertificate(tlsCert, tlsKey!);
        Directory.CreateDirectory(store);
        return new AgentOptions(endpoint, Path.GetFullPath(store), token, certificate, (long)(maxUploadMegabytes * 1_000_000));
    }

    /// <summary>--probe-round-ms: a round of 1 ms to 10 s (below, timer resolution is the figure; above, the probe takes minutes).</summary>
    public static TimeSpan ParseProbeRound(double milliseconds) =>
        milliseconds is >= 1 and <= 10_000
            ? TimeSpan.FromMilliseconds(milliseconds)
            : throw new AgentSetupException($"--probe-round-ms is {milliseconds}; give a round length from 1 to 10000 ms, such as {DefaultProbeRoundMs}");

    /// <summary><c>127.0.0.1:7070</c>, <c>[::1]:7070</c>, <c>0.0.0.0:7070</c> or <c>localhost:7070</c>; never a name to resolve.</summary>
    private static IPEndPoint ParseListen(string text)
    {
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) && int.TryParse(text["localhost:".Length..], out var localPort) && localPort is >= 0 and <= 65535)
        {
            return new IPEndPoint(IPAddress.Loopback, localPort);
        }

        return IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':', StringComparison.Ordinal)
            ? endpoint
            : throw new AgentSetupException($"--listen is '{text}'; give an address and port, such as 127.0.0.1:7070 (this machine only) or 0.0.0.0:7070 (every interface, with a token and TLS)");
    }

    private static byte[] ReadToken(string tokenFile)
    {
        string token;
        try
        {
            token = File.ReadAllText(tokenFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AgentSetupException($"cannot read the token file {tokenFile}: {e.Message}", e);
        }

        // Short tokens can be guessed despite the rate limit.
        return token.Length >= 16
            ? SHA256.HashData(Encoding.UTF8.GetBytes(token))
            : throw new AgentSetupException($"the token in {tokenFile} has {token.Length} characters; use at least 16 random ones (e.g. openssl rand -hex 32 > {tokenFile})");
    }

    private static X509Certificate2 LoadCertificate(string certFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new AgentSetupException($"cannot load the TLS certificate {certFile} with key {keyFile}: {e.Message}", e);
        }
    }
}
