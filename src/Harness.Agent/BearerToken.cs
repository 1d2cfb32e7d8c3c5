using System.Security.Cryptography;
using System.Text;

namespace Harness.Agent;

/// <summary>
/// Checks a request's <c>Authorization: Bearer …</c> against the agent's token. Both sides are
/// hashed first, so the comparison (<see cref="CryptographicOperations.FixedTimeEquals"/>) always
/// sees equal lengths and takes the same time however many characters a guess gets right.
/// </summary>
public static class BearerToken
{
    private const string Scheme = "Bearer ";

    public static bool Matches(string? authorization, byte[] expectedSha256)
    {
        ArgumentNullException.ThrowIfNull(expectedSha256);
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, expectedSha256);
    }
}
