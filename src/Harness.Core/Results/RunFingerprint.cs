using System.Security.Cryptography;
using System.Text;

namespace Harness.Results;

/// <summary>
/// Which machine and software a run's timings belong to: the CPU model, its cores, the ONNX Runtime
/// version and its providers. Two runs compare only when these agree; the operating system's patch
/// level and the memory size are left out, as they do not move inference latency by themselves.
/// Every comparison of environments goes through <see cref="Of"/>, so the rule lives in one place.
/// </summary>
public static class RunFingerprint
{
    /// <summary>A short stable hash of the fields that must agree (16 hex digits of their sha256).</summary>
    public static string Of(EnvironmentInfo environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var text = string.Join('\n', environment.Cpu, environment.Cores.ToString(System.Globalization.CultureInfo.InvariantCulture), environment.OnnxRuntime, string.Join(',', environment.Providers));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>The same fields in words, for a message that says why two runs do not compare.</summary>
    public static string Describe(EnvironmentInfo environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return $"{environment.Cpu}, {environment.Cores} cores, ONNX Runtime {environment.OnnxRuntime} ({string.Join(", ", environment.Providers)})";
    }
}
