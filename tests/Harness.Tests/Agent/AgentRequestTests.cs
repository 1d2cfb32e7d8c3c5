using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Harness.Execute.Protocol;
using Harness.Execute.Remote;
using Harness.Plan;
using Harness.Tests.Cli;
using Harness.Tests.Execute;

namespace Harness.Tests.Agent;

/// <summary>
/// Requests no harness would send, straight at a real agent: names that try to be paths, bytes that
/// do not match their name, a body over the limit whatever its header says, another protocol version.
/// The agent refuses each with a sentence and writes nothing outside its store.
/// </summary>
[Collection(WorkerProcessCollection.Name)]
public sealed class AgentRequestTests : IDisposable
{
    private readonly string folder = TestAssets.NewScratchDirectory("agent-requests");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null, string? version = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(AgentProtocol.VersionHeader, version ?? AgentProtocol.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }

    private static async Task<(HttpStatusCode Status, string Body)> Send(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request);
            return (response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
        }
    }

    [Fact]
    public async Task Should_Refuse_Names_And_Bodies_That_Are_Not_What_They_Claim_And_Write_Nothing_Outside_The_Store()
    {
        var store = Path.Combine(folder, "store");
        using var agent = AgentProcess.Start("--listen", "127.0.0.1:0", "--store", store, "--max-upload-mb", "0.001");
        using var client = new HttpClient { BaseAddress = agent.Url };
        var bytes = Encoding.UTF8.GetBytes("model bytes");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        foreach (var name in new[] { "..%2F..%2Fescaped", "%2Ftmp%2Fescaped", "..", sha256.ToUpperInvariant(), sha256 + ".onnx" })
        {
            var (status, body) = await Send(client, Request(HttpMethod.Put, AgentProtocol.ModelsPath + name, new ByteArrayContent(bytes)));
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{name}: {status} {body}");
        }

        var (mismatch, why) = await Send(client, Request(HttpMethod.Put, AgentProtocol.ModelsPath + new string('0', 64), new ByteArrayContent(bytes)));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch);
        Assert.Equal($"the bytes sent have sha256 {sha256}, not the {new string('0', 64)} they were named by; the upload was cut short or changed on the way", why);

        // Over the limit: refused by its declared length, and by counting when it declares none.
        var large = new byte[2000];
        var largeSha = Convert.ToHexStringLower(SHA256.HashData(large));
        var (declared, _) = await Send(client, Request(HttpMethod.Put, AgentProtocol.ModelsPath + largeSha, new ByteArrayContent(large)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared);
        var chunked = new StreamContent(new MemoryStream(large));
        var streamed = Request(HttpMethod.Put, AgentProtocol.ModelsPath + largeSha, chunked);
        streamed.Headers.TransferEncodingChunked = true;
        var (counted, countedWhy) = await Send(client, streamed);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, counted);
        Assert.Contains("over this agent's upload limit of 0.001 MB (--max-upload-mb)", countedWhy, StringComparison.Ordinal);

        var (stored, _) = await Send(client, Request(HttpMethod.Put, AgentProtocol.ModelsPath + sha256, new ByteArrayContent(bytes)));
        Assert.Equal(HttpStatusCode.Created, stored);

        // A job document's model path is never opened: only a stored sha256 names a model.
        var model = AgentFixtures.WriteModel(folder);
        foreach (var path in new[] { model, "/etc/passwd", "sha256:../../../etc/passwd", "sha256:" + new string('a', 64) })
        {
            var job = new MeasurementJob("m/fp32/t/single-stream", new ModelSpec("m", path, [], new Dictionary<string, long>(), null), "fp32", TargetSpec.DefaultCpu, LoadSpec.SingleStream(), 1, RunRules.Defaults);
            var document = JobDocumentMapping.ToDocument(job, "/tmp/escaped-samples.csv");
            var (status, body) = await Send(client, Request(HttpMethod.Post, AgentProtocol.JobsPath, new StringContent(JobDocumentJson.Write(document), Encoding.UTF8, "application/json")));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(body.Contains("an agent reads models only by content", StringComparison.Ordinal) || body.Contains("is not stored on this agent", StringComparison.Ordinal), body);
        }

        foreach (var threads in new[] { "-1", "two", "1e3", "99999" })
        {
            var (status, body) = await Send(client, Request(HttpMethod.Get, $"{AgentProtocol.PeaksPath}?threads={threads}"));
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.StartsWith($"threads is '{threads}'; give a count from 1 to ", body, StringComparison.Ordinal);
        }

        Assert.Equal([sha256 + ".onnx"], Directory.GetFiles(Path.Combine(store, "models")).Select(Path.GetFileName));
        Assert.Equal(["jobs", "models"], Directory.GetFileSystemEntries(store).Select(Path.GetFileName).Order());
        Assert.False(File.Exists("/tmp/escaped-samples.csv"));
    }

    [Fact]
    public async Task Should_Refuse_Another_Protocol_Version_Naming_Both_Sides()
    {
        using var agent = AgentProcess.Start("--listen", "127.0.0.1:0", "--store", Path.Combine(folder, "store"));
        using var client = new HttpClient { BaseAddress = agent.Url };

        var (status, body) = await Send(client, Request(HttpMethod.Get, AgentProtocol.HelloPath, version: "1"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Matches($@"^this agent \(harness .+\) speaks job protocol version {AgentProtocol.Version}, but the request came with version 1; run the same harness version on both sides$", body);

        using var bare = new HttpRequestMessage(HttpMethod.Get, AgentProtocol.HelloPath);
        using var response = await client.SendAsync(bare);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("without a Harness-Protocol header", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (ok, hello) = await Send(client, Request(HttpMethod.Get, AgentProtocol.HelloPath));
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Contains($"\"protocol\":{AgentProtocol.Version}", hello, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0:0", null, "refusing to listen on 0.0.0.0:0 beyond loopback without a token and TLS: give --token-file and --tls-cert/--tls-key, or listen on 127.0.0.1 (and reach it through an SSH tunnel)")]
    [InlineData("0.0.0.0:0", "token", "refusing to listen on 0.0.0.0:0 beyond loopback without TLS: give --token-file and --tls-cert/--tls-key, or listen on 127.0.0.1 (and reach it through an SSH tunnel)")]
    [InlineData("pi.local:7070", null, "--listen is 'pi.local:7070'; give an address and port, such as 127.0.0.1:7070 (this machine only) or 0.0.0.0:7070 (every interface, with a token and TLS)")]
    [InlineData("127.0.0.1:0", "short", "has 5 characters; use at least 16 random ones")]
    public void Should_Refuse_To_Start_Where_It_Would_Be_Open_To_Anyone(string listen, string? token, string expected)
    {
        var arguments = new List<string> { "agent", "--listen", listen, "--store", Path.Combine(folder, "store") };
        if (token is not null)
        {
            arguments.AddRange(["--token-file", AgentFixtures.WriteToken(folder, token == "short" ? "short" : AgentFixtures.Token)]);
        }

        var (exitCode, _, error) = CliHarness.InvokeCaptured([.. arguments]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Read_An_Agent_Target_And_Refuse_Plain_Http_Beyond_Loopback()
    {
        File.WriteAllBytes(Path.Combine(folder, "m.onnx"), [1]);
        Scenario Parse(string target) => ScenarioParser.Parse($"version: 1\nmodels:\n  - name: m\n    path: m.onnx\ntargets:\n{target}", Path.Combine(folder, "s.yaml"));

        var pi = Parse("  - name: pi\n    device: agent\n    url: https://pi.local:7070\n    token_file: secrets/pi.token\n    ca: pi.crt\n    threads: 4\n").Targets[0];

        Assert.Equal(TargetDevice.Agent, pi.Device);
        Assert.Equal(new AgentEndpoint(new Uri("https://pi.local:7070"), Path.Combine(folder, "secrets", "pi.token"), Path.Combine(folder, "pi.crt")), pi.Agent);
        Assert.Equal(4, pi.IntraOpThreads);
        Assert.Contains("an agent beyond loopback is reached over https only", Assert.Throws<ScenarioException>(() => Parse("  - name: pi\n    device: agent\n    url: http://pi.local:7070\n")).Message, StringComparison.Ordinal);
        Assert.Contains("is missing the required key 'url'", Assert.Throws<ScenarioException>(() => Parse("  - name: pi\n    device: agent\n")).Message, StringComparison.Ordinal);
        Assert.Contains("'url' applies to agent targets only", Assert.Throws<ScenarioException>(() => Parse("  - name: cpu\n    url: https://pi.local:7070\n")).Message, StringComparison.Ordinal);
        Assert.Contains("expected the agent's address", Assert.Throws<ScenarioException>(() => Parse("  - name: pi\n    device: agent\n    url: pi.local\n")).Message, StringComparison.Ordinal);
    }
}
