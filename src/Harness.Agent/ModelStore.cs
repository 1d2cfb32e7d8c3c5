using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Harness.Execute.Remote;

namespace Harness.Agent;

/// <summary>
/// Uploaded models, kept under <c>STORE/models/SHA256.onnx</c>. A model is named only by the
/// sha256 of its bytes, which the agent checks as they arrive; no name a client sends ever becomes
/// a path, so nothing is written or read outside the store.
/// </summary>
public sealed class ModelStore(string root, long maxBytes)
{
    private readonly string models = Directory.CreateDirectory(Path.Combine(root, "models")).FullName;

    public long MaxBytes => maxBytes;

    /// <summary>The stored model's path; null for a name that is not a sha256 or a model not stored.</summary>
    public string? Find(string sha256) =>
        AgentProtocol.IsSha256(sha256) && File.Exists(PathOf(sha256)) ? PathOf(sha256) : null;

    /// <summary>Stores the body if its bytes have the sha256 they are named by and fit the limit.</summary>
    public async Task<StoreOutcome> SaveAsync(string sha256, Stream body, long? declaredLength, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!AgentProtocol.IsSha256(sha256))
        {
            return new StoreOutcome(StatusCodes.Status400BadRequest, $"a model is named by the sha256 of its bytes (64 lower-case hex digits), not '{Printable(sha256)}'");
        }

        if (declaredLength > maxBytes)
        {
            return TooLarge(declaredLength.Value);
        }

        var incoming = Path.Combine(models, $".incoming-{Guid.NewGuid():N}");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            await using (var file = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        return TooLarge(length);
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                }
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != sha256)
            {
                return new StoreOutcome(StatusCodes.Status400BadRequest, $"the bytes sent have sha256 {actual}, not the {sha256} they were named by; the upload was cut short or changed on the way");
            }

            File.Move(incoming, PathOf(sha256), overwrite: true);
            return new StoreOutcome(StatusCodes.Status201Created, $"stored {sha256} ({length} bytes)");
        }
        finally
        {
            File.Delete(incoming);
        }
    }

    private StoreOutcome TooLarge(long length) => new(
        StatusCodes.Status413PayloadTooLarge,
        $"the model is {length / 1e6:0.###} MB, over this agent's upload limit of {maxBytes / 1e6:0.###} MB (--max-upload-mb)");

    private string PathOf(string sha256) => Path.Combine(models, sha256 + ".onnx");

    /// <summary>A client's text quoted in an answer: short, and without control characters.</summary>
    internal static string Printable(string text) =>
        new([.. text.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
}

/// <summary>An HTTP status and the sentence that goes with it.</summary>
public readonly record struct StoreOutcome(int Status, string Message);
