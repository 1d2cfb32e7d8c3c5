namespace Harness.Reports.Gate;

/// <summary>Measurement id patterns in <c>gate.yaml</c>: <c>*</c> stands for any text (slashes included), everything else matches itself.</summary>
public static class IdGlob
{
    public static bool Matches(string glob, string id)
    {
        ArgumentNullException.ThrowIfNull(glob);
        ArgumentNullException.ThrowIfNull(id);
        return Matches(glob.AsSpan(), id.AsSpan());
    }

    private static bool Matches(ReadOnlySpan<char> glob, ReadOnlySpan<char> id)
    {
        // Greedy with one backtrack point, the classic wildcard match: linear for one star, never exponential.
        int g = 0, i = 0, star = -1, resume = 0;
        while (i < id.Length)
        {
            if (g < glob.Length && glob[g] == '*')
            {
                star = g++;
                resume = i;
            }
            else if (g < glob.Length && glob[g] == id[i])
            {
                g++;
                i++;
            }
            else if (star >= 0)
            {
                g = star + 1;
                i = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (g < glob.Length && glob[g] == '*')
        {
            g++;
        }

        return g == glob.Length;
    }
}
