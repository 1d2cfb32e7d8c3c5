using System.Security.Cryptography;
using System.Text;

namespace Harness.Results;

/// <summary>
/// A short name for the kind of machine a measurement ran on: nodes with the same fingerprint give
/// comparable figures, nodes with different ones do not (a merged run says so, and comparisons
/// keep them apart). Every caller goes through <see cref="Of"/>, the one place that decides which
/// facts of the environment make two nodes alike.
/// </summary>
public static class NodeFingerprint
{
    public static string Of(EnvironmentInfo environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var facts = string.Join('\n', environment.Os, environment.Cpu, environment.Cores, environment.MemoryBytes, environment.Dotnet, environment.OnnxRuntime, string.Join(',', environment.Providers));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(facts)))[..12];
    }
}
