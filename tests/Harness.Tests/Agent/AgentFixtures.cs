using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Harness.Onnx;
using Harness.Onnx.Model;

namespace Harness.Tests.Agent;

/// <summary>What the agent tests build for themselves: a small model, a token, a self-signed certificate.</summary>
internal static class AgentFixtures
{
    public const string Token = "0123456789abcdef0123456789abcdef";

    /// <summary>y = x · W, x [batch, 64], W 64×64 seeded: 16 KB of weights, a few microseconds a query.</summary>
    public static string WriteModel(string folder, int seed = 3)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, 64 * 64).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var path = Path.Combine(folder, $"matmul-{seed}.onnx");
        new GraphBuilder("agent-test")
            .Input("x", TensorElementType.Float, "batch", 64)
            .Initializer("W", weights, 64, 64)
            .Node("MatMul", ["x", "W"], ["y"])
            .Output("y", TensorElementType.Float, "batch", 64)
            .Build()
            .Save(path);
        return path;
    }

    public static string WriteToken(string folder, string token = Token)
    {
        var path = Path.Combine(folder, $"token-{Guid.NewGuid():N}");
        File.WriteAllText(path, token + "\n");
        return path;
    }

    /// <summary>A certificate for 127.0.0.1 signed by its own key, as a device owner would make one (openssl req -x509).</summary>
    public static (string Certificate, string Key) WriteSelfSignedCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=harness-agent-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(folder, "agent.crt");
        var keyPath = Path.Combine(folder, "agent.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
