using System.Numerics;

namespace Harness.Data;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. The harness records seeds in its
/// results, and <see cref="Random"/>'s seeded sequence is not promised to stay the same across
/// .NET versions; owning the generator keeps a recorded seed reproducible. Also faster than the
/// seeded <see cref="Random"/> in the bootstrap's inner loop. A mutable struct: pass it by ref.
/// </summary>
public struct SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(long seed)
    {
        // SplitMix64 spreads even small adjacent seeds (0, 1, 2…) into unrelated, non-zero states.
        var x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="bound"/>), without modulo bias, by Lemire's
    /// multiply-and-reject (one multiplication, and a division only in the rare rejection case).
    /// </summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        var n = (uint)bound;
        var product = (NextUInt64() >> 32) * n;
        var low = (uint)product;
        if (low < n)
        {
            var threshold = unchecked(0u - n) % n;
            while (low < threshold)
            {
                product = (NextUInt64() >> 32) * n;
                low = (uint)product;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>A uniform double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
