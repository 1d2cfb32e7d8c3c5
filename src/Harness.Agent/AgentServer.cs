using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.RateLimiting;
using Harness.Execute.Remote;
using Harness.Onnx.Runtime;
using Harness.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harness.Agent;

/// <summary>
/// <c>harness agent</c>: Kestrel serving the agent protocol (<see cref="AgentProtocol"/>). Every
/// request passes, in order, the per-client rate limit, the bearer token (when the agent has one) and
/// the protocol version check, before it reaches the hello, model or job endpoints.
/// </summary>
public static class AgentServer
{
    public static async Task RunAsync(AgentOptions options, TextWriter log, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var app = Build(options, log);
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellation).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new AgentSetupException($"cannot listen on {options.Listen}: {e.Message}", e);
            }

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            log.WriteLine($"harness agent: listening on {address} (job protocol {AgentProtocol.Version}, store {options.Store}, uploads up to {options.MaxUploadBytes / 1e6:0.###} MB{(options.TokenSha256 is null ? ", no token: loopback only" : ", bearer token required")})");
            log.Flush();
            await app.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
        }
    }

    private static WebApplication Build(AgentOptions options, TextWriter log)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = options.Store });
        // The agent prints its own lines (one per job); the framework's request logs would drown them.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Above the upload limit: the store counts an upload's bytes and refuses it with a sentence
            // (413) before Kestrel's own limit, which would end the connection without one, is reached.
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes + AgentOptions.MaxJobDocumentBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Listen(options.Listen, listen =>
            {
                // HTTP/2 is negotiated over TLS (ALPN); plain HTTP on loopback serves HTTP/1.1.
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                if (options.Certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = AgentOptions.RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = (rejected, token) =>
            {
                rejected.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                return new ValueTask(rejected.HttpContext.Response.WriteAsync($"more than {AgentOptions.RequestsPerMinute} requests a minute from this address\n", token));
            };
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        });

        var app = builder.Build();
        app.UseRateLimiter();
        app.Use(async (context, next) =>
        {
            if (options.TokenSha256 is { } token && !BearerToken.Matches(context.Request.Headers.Authorization, token))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await AgentAnswers.TextAsync(context, StatusCodes.Status401Unauthorized, context.Request.Headers.Authorization.Count == 0 ? "this agent requires a bearer token" : "the bearer token is not this agent's").ConfigureAwait(false);
                return;
            }

            var sent = context.Request.Headers[AgentProtocol.VersionHeader].ToString();
            if (sent != AgentProtocol.Version.ToString(CultureInfo.InvariantCulture))
            {
                var self = EnvironmentProbe.Harness();
                await AgentAnswers.TextAsync(
                    context,
                    StatusCodes.Status409Conflict,
                    $"this agent (harness {self.Version}, {self.Commit}) speaks job protocol version {AgentProtocol.Version}, but the request came {(sent.Length == 0 ? $"without a {AgentProtocol.VersionHeader} header" : $"with version {ModelStore.Printable(sent)}")}; run the same harness version on both sides").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        var models = new ModelStore(options.Store, options.MaxUploadBytes);
        var queue = new JobQueue();
        var jobs = new JobEndpoint(models, queue, Directory.CreateDirectory(Path.Combine(options.Store, "jobs")).FullName, log);
        var peaks = new PeaksEndpoint(queue, new Roofline.PeakCache(options.Store), options.ProbeRound, log);
        var hello = JsonSerializer.Serialize(Hello(options), ResultsJson.Compact);
        app.MapGet(AgentProtocol.HelloPath, (HttpContext context) => Microsoft.AspNetCore.Http.Results.Text(hello, "application/json"));
        app.MapMethods(AgentProtocol.ModelsPath + "{name}", ["HEAD"], (string name) => models.Find(name) is null ? Microsoft.AspNetCore.Http.Results.NotFound() : Microsoft.AspNetCore.Http.Results.Ok());
        app.MapPut(AgentProtocol.ModelsPath + "{name}", async (HttpContext context, string name) =>
        {
            StoreOutcome outcome;
            try
            {
                outcome = await models.SaveAsync(name, context.Request.Body, context.Request.ContentLength, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                outcome = new StoreOutcome(e.StatusCode, $"the model is over this agent's upload limit of {options.MaxUploadBytes / 1e6:0.###} MB (--max-upload-mb)");
            }

            await AgentAnswers.TextAsync(context, outcome.Status, outcome.Message).ConfigureAwait(false);
        });
        app.MapPost(AgentProtocol.JobsPath, jobs.HandleAsync);
        app.MapGet(AgentProtocol.PeaksPath, peaks.HandleAsync);
        return app;
    }

    private static AgentHello Hello(AgentOptions options)
    {
        var library = OrtLibrary.Shared;
        return new AgentHello(
            AgentHello.SchemaName,
            AgentProtocol.Version,
            EnvironmentProbe.Harness(),
            Environment.MachineName,
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            EnvironmentProbe.Capture(library.Version, library.GetAvailableProviders()),
            options.MaxUploadBytes);
    }
}
