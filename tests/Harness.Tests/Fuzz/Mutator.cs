using System.Text;

namespace Harness.Tests.Fuzz;

/// <summary>
/// Seeded, bounded mutations of a file's bytes or text: the kinds of damage real files suffer
/// (cut off, a byte flipped, a stray character, a line lost or doubled) and the syntax a YAML or
/// protobuf reader is most likely to trip on.
/// </summary>
internal static class Mutator
{
    private const string YamlNoise = "{}[]:,-'\"&*!|>%@#?\t \n0123456789.-eE_xyz";

    public static string MutateText(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        switch (random.Next(7))
        {
            case 0: // truncate
                return text[..random.Next(text.Length)];
            case 1: // delete one character
            {
                var at = random.Next(text.Length);
                return text.Remove(at, 1);
            }

            case 2: // insert a character YAML cares about
            {
                var at = random.Next(text.Length + 1);
                return text.Insert(at, YamlNoise[random.Next(YamlNoise.Length)].ToString());
            }

            case 3: // drop a line
                lines.RemoveAt(random.Next(lines.Count));
                return string.Join('\n', lines);
            case 4: // double a line
            {
                var at = random.Next(lines.Count);
                lines.Insert(at, lines[at]);
                return string.Join('\n', lines);
            }

            case 5: // replace a number by an extreme one
            {
                var extremes = new[] { "0", "-1", "99999999999999999999", "1e308", "NaN", "-0.0", "2147483648", ".inf" };
                var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i])).ToList();
                if (digits.Count == 0)
                {
                    return text;
                }

                var at = digits[random.Next(digits.Count)];
                var end = at;
                while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
                {
                    end++;
                }

                return text[..at] + extremes[random.Next(extremes.Length)] + text[end..];
            }

            default: // shift a line's indentation
            {
                var at = random.Next(lines.Count);
                lines[at] = random.Next(2) == 0 ? "  " + lines[at] : lines[at].TrimStart();
                return string.Join('\n', lines);
            }
        }
    }

    public static byte[] MutateBytes(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        switch (random.Next(5))
        {
            case 0:
                return copy[..random.Next(copy.Length)];
            case 1:
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 2:
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            case 3:
            {
                var at = random.Next(copy.Length);
                return [.. copy[..at], (byte)random.Next(256), .. copy[at..]];
            }

            default:
            {
                var at = random.Next(copy.Length);
                var length = Math.Min(random.Next(1, 16), copy.Length - at);
                return [.. copy[..at], .. copy[(at + length)..]];
            }
        }
    }

    public static string Describe(string kind, int seed) => new StringBuilder().Append(kind).Append(" mutation seed ").Append(seed).ToString();
}
