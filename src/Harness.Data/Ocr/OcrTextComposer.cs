using System.Globalization;
using System.Text;

namespace Harness.Data.Ocr;

/// <summary>
/// Makes the text of OCR test lines from a seed: words in every casing, numbers as they appear in
/// documents (prices, dates, times, codes), mixed lines and punctuation, one to about forty
/// characters. Latin letters, digits and ASCII punctuation only: the DejaVu fonts the lines are
/// rendered in have no CJK glyphs (they render Chinese as blanks).
/// </summary>
public sealed class OcrTextComposer
{
    /// <summary>Lines never exceed this many characters, so the longest still reads at 48 px height.</summary>
    public const int MaxLength = 40;

    private static readonly string[] Words =
    [
        "the", "of", "and", "to", "in", "is", "for", "on", "with", "as", "by", "at", "from", "or", "an", "be", "this", "that",
        "are", "was", "not", "all", "can", "new", "more", "one", "time", "year", "people", "way", "day", "man", "thing",
        "world", "life", "hand", "part", "child", "eye", "place", "work", "week", "case", "point", "number", "group",
        "problem", "fact", "market", "system", "program", "question", "government", "company", "service", "water",
        "money", "story", "month", "right", "study", "book", "job", "word", "business", "issue", "side", "kind", "head",
        "house", "friend", "father", "power", "hour", "game", "line", "end", "member", "law", "car", "city", "community",
        "name", "president", "team", "minute", "idea", "kid", "body", "information", "back", "parent", "face", "others",
        "level", "office", "door", "health", "person", "art", "war", "history", "party", "result", "change", "morning",
        "reason", "research", "girl", "guy", "moment", "air", "teacher", "force", "education", "open", "close", "total",
        "invoice", "order", "receipt", "address", "street", "station", "ticket", "platform", "price", "amount", "balance",
        "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "small", "large", "green", "yellow", "purple", "orange",
        "network", "inference", "latency", "benchmark", "model", "server", "window", "coffee", "garden", "river",
        "mountain", "library", "journey", "welcome", "exit", "entrance", "warning", "caution", "delivery", "shipping",
    ];

    private static readonly string[] Streets = ["Main St", "Oak Ave", "Park Rd", "Elm Street", "High St", "Lake Dr", "Hill Road"];

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private readonly Random _random;
    private readonly Func<string, bool> _canSpell;

    /// <param name="seed">Every line follows from it.</param>
    /// <param name="canSpell">Lines it rejects are drawn again (e.g. <see cref="CtcGreedyDecoder.CanSpell"/> over the recognizer's dictionary).</param>
    public OcrTextComposer(int seed, Func<string, bool>? canSpell = null)
    {
        // System.Random with a seed is the same sequence on every .NET version and platform.
        _random = new Random(seed);
        _canSpell = canSpell ?? (_ => true);
    }

    /// <summary>The next line: never empty, no leading, trailing or double spaces, at most <see cref="MaxLength"/> characters.</summary>
    public string Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var line = Compose().Trim();
            while (line.Contains("  ", StringComparison.Ordinal))
            {
                line = line.Replace("  ", " ", StringComparison.Ordinal);
            }

            if (line.Length is > 0 and <= MaxLength && _canSpell(line))
            {
                return line;
            }
        }

        throw new InvalidOperationException("The character set rejects every composed line; it cannot spell Latin text.");
    }

    /// <summary>"short" (1–8 characters), "medium" (9–20) or "long" (21+): a slice, since long lines are harder.</summary>
    public static string LengthBucket(string text) => text.Length switch
    {
        <= 8 => "short",
        <= 20 => "medium",
        _ => "long",
    };

    private string Compose() => _random.Next(100) switch
    {
        < 35 => Phrase(_random.Next(1, 7)),
        < 55 => Number(),
        < 80 => Mixed(),
        _ => Punctuated(),
    };

    private string Word() => Words[_random.Next(Words.Length)];

    /// <summary>Words in one of the casings documents use.</summary>
    private string Phrase(int count)
    {
        var words = Enumerable.Range(0, count).Select(_ => Word()).ToArray();
        switch (_random.Next(5))
        {
            case 0:
                return string.Join(' ', words).ToUpperInvariant();
            case 1:
                return string.Join(' ', words.Select(Capitalise));
            case 2:
                return Capitalise(string.Join(' ', words));
            case 3:
                // Alternating case defeats a language prior: the model must read every letter.
                return new string(string.Join(' ', words).Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c).ToArray());
            default:
                return string.Join(' ', words);
        }
    }

    private string Number()
    {
        var c = CultureInfo.InvariantCulture;
        return _random.Next(10) switch
        {
            0 => _random.Next(0, 100000).ToString(c),
            1 => _random.Next(1000, 9999999).ToString("N0", c),
            2 => (_random.Next(0, 100000) / 100.0).ToString("0.00", c),
            3 => "$" + (_random.Next(100, 500000) / 100.0).ToString("#,##0.00", c),
            4 => _random.Next(1, 100).ToString(c) + "%",
            5 => $"{_random.Next(1990, 2031)}-{_random.Next(1, 13):00}-{_random.Next(1, 29):00}",
            6 => $"{_random.Next(0, 24):00}:{_random.Next(0, 60):00}",
            7 => $"+{_random.Next(1, 99)} {_random.Next(100, 999)} {_random.Next(100, 999)} {_random.Next(1000, 9999)}",
            8 => $"{_random.Next(1, 29)} {Months[_random.Next(12)]} {_random.Next(1990, 2031)}",
            _ => (_random.NextDouble() * 2000 - 1000).ToString("0.###", c),
        };
    }

    private string Mixed()
    {
        var c = CultureInfo.InvariantCulture;
        return _random.Next(10) switch
        {
            0 => $"Invoice #{_random.Next(1000, 99999)}",
            1 => $"{_random.Next(1, 999)} {Streets[_random.Next(Streets.Length)]}",
            2 => $"Room {_random.Next(1, 60)}{(char)('A' + _random.Next(6))}, Floor {_random.Next(1, 30)}",
            3 => $"ID: {(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}-{_random.Next(1000, 9999)}",
            4 => $"Total: ${(_random.Next(100, 99999) / 100.0).ToString("0.00", c)}",
            5 => $"{Capitalise(Word())} {_random.Next(2, 99)} x {_random.Next(1, 20)}",
            6 => $"v{_random.Next(0, 10)}.{_random.Next(0, 20)}.{_random.Next(0, 100)} {Word()}",
            7 => $"{Word()}{_random.Next(10, 99)}@example.com",
            8 => $"{Phrase(_random.Next(1, 4))} {_random.Next(1, 1000)}",
            _ => $"Gate {(char)('A' + _random.Next(8))}{_random.Next(1, 40)} {_random.Next(0, 24):00}:{_random.Next(0, 60):00}",
        };
    }

    private string Punctuated()
    {
        var text = new StringBuilder(Phrase(_random.Next(1, 5)));
        switch (_random.Next(8))
        {
            case 0:
                text.Append('!');
                break;
            case 1:
                text.Append('?');
                break;
            case 2:
                text.Insert(0, '"').Append('"');
                break;
            case 3:
                text.Insert(0, '(').Append(')');
                break;
            case 4:
                text.Append(", ").Append(Word()).Append('.');
                break;
            case 5:
                text.Append(": ").Append(Word()).Append(';');
                break;
            case 6:
                text.Append(" - ").Append(Word()).Append("...");
                break;
            default:
                text.Append(" [").Append(_random.Next(1, 100)).Append(']');
                break;
        }

        return text.ToString();
    }

    private static string Capitalise(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
