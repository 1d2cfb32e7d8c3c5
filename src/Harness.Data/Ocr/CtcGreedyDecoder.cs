using System.Globalization;
using System.Text;

namespace Harness.Data.Ocr;

/// <summary>
/// Greedy CTC decoding, as PaddleOCR's CTCLabelDecode does it: the most likely class at each time
/// step, repeats collapsed, blanks dropped. Class 0 is the blank; classes 1…K are the lines of the
/// character dictionary (ppocr_keys_v1.txt); with <c>use_space_char</c> (PaddleOCR's default) one
/// more class after them is the space.
/// </summary>
public sealed class CtcGreedyDecoder
{
    private readonly string[] _symbols;
    private readonly HashSet<string> _spellable;

    /// <param name="symbols">The text of each class; index 0 is the blank and is never emitted.</param>
    /// <param name="source">Where the symbols came from, for messages.</param>
    public CtcGreedyDecoder(IReadOnlyList<string> symbols, string source = "the decoder's symbols")
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentOutOfRangeException.ThrowIfLessThan(symbols.Count, 2);
        _symbols = [.. symbols];
        _spellable = new HashSet<string>(_symbols.Skip(1), StringComparer.Ordinal);
        Source = source;
    }

    /// <summary>Blank + dictionary + space: the classes a PaddleOCR recognizer exported with use_space_char scores.</summary>
    public int ClassCount => _symbols.Length;

    public string Source { get; }

    /// <summary>
    /// Reads a PaddleOCR character dictionary (one character per line, UTF-8). With
    /// <paramref name="spaceIsLastClass"/>, a space class follows the dictionary.
    /// </summary>
    public static CtcGreedyDecoder FromKeysFile(string path, bool spaceIsLastClass = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new DatasetException($"{path} does not exist (the recognizer's character dictionary; ./run.sh fetches ppocr_keys_v1.txt beside the models).", path);
        }

        var lines = File.ReadAllText(path, Encoding.UTF8).Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count == 0)
        {
            throw DatasetException.InFile(path, "is empty; a character dictionary has one character per line.");
        }

        var symbols = new List<string>(lines.Count + 2) { string.Empty };
        symbols.AddRange(lines);
        if (spaceIsLastClass)
        {
            symbols.Add(" ");
        }

        return new CtcGreedyDecoder(symbols, path);
    }

    /// <summary>Checks the model scores as many classes as the dictionary defines, naming both when they differ.</summary>
    public void RequireClassCount(int modelClasses, string modelOutput)
    {
        if (modelClasses != ClassCount)
        {
            throw new DatasetException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Source}: defines {ClassCount} classes (blank, {ClassCount - 2} characters, space), but {modelOutput} scores {modelClasses}. Use the dictionary the recognizer was trained with."),
                Source);
        }
    }

    /// <summary>True when every character of <paramref name="text"/> is a class, so the model can in principle read it.</summary>
    public bool CanSpell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var rune in text.EnumerateRunes())
        {
            if (!_spellable.Contains(rune.ToString()))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes one sample's scores, laid out [time steps, classes].</summary>
    public string Decode(ReadOnlySpan<float> scores)
    {
        var classes = _symbols.Length;
        if (scores.Length % classes != 0)
        {
            throw new ArgumentException($"{scores.Length} scores are not a whole number of time steps of {classes} classes.", nameof(scores));
        }

        var text = new StringBuilder();
        var previous = -1;
        for (var offset = 0; offset < scores.Length; offset += classes)
        {
            var step = scores.Slice(offset, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (step[c] > step[best])
                {
                    best = c;
                }
            }

            if (best != previous && best != 0)
            {
                text.Append(_symbols[best]);
            }

            previous = best;
        }

        return text.ToString();
    }
}
