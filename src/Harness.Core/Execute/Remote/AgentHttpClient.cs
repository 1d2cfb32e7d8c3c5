using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Harness.Plan;

namespace Harness.Execute.Remote;

/// <summary>
/// The HTTP client for one agent: its bearer token, its certificate authority (a self-signed
/// agent's own certificate, say), HTTP/2 over TLS, and the sentences that say what each refusal means.
/// </summary>
internal static class AgentHttpClient
{
    public static HttpClient Create(AgentEndpoint endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // A half-open connection (a device unplugged mid-job) shows as a failed ping, not as a hang.
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        };
        if (endpoint.CaFile is { } caFile)
        {
            var authority = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusts(authority, certificate, errors);
        }

        var client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = endpoint.Url,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (endpoint.Url.Scheme == Uri.UriSchemeHttps)
        {
            client.DefaultRequestVersion = HttpVersion.Version20;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        if (endpoint.TokenFile is { } tokenFile)
        {
            var token = File.ReadAllText(tokenFile).Trim();
            if (token.Length == 0)
            {
                client.Dispose();
                throw new IOException($"the token file {tokenFile} is empty");
            }

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The certificate must name the host it was reached at and chain to the given authority alone.</summary>
    private static bool Trusts(X509Certificate2 authority, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>One sentence for an agent's refusal, with the agent's own words and what to do.</summary>
    public static string Describe(Uri agent, HttpStatusCode status, string body)
    {
        var url = agent.ToString().TrimEnd('/');
        var said = body.Length == 0 ? string.Empty : $": {(body.Length > 500 ? body[..500] + "…" : body)}";
        return status switch
        {
            HttpStatusCode.Unauthorized => $"the agent at {url} refused this run's token{said}; give the target a token_file holding the token the agent was started with (--token-file)",
            HttpStatusCode.Conflict => $"the agent at {url} speaks another protocol version{said}",
            HttpStatusCode.RequestEntityTooLarge => $"the agent at {url} refused the upload as too large{said}",
            HttpStatusCode.TooManyRequests => $"the agent at {url} is limiting this client's request rate{said}; wait a minute and run again",
            HttpStatusCode.ServiceUnavailable => $"the agent at {url} is busy{said}",
            _ => $"the agent at {url} answered {(int)status} {status}{said}",
        };
    }
}
