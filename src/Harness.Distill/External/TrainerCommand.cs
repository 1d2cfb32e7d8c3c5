using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Distill.External;

/// <summary>
/// A user's training program as a scenario writes it: <c>python3 train.py --teacher {teacher}
/// --data {train_data} --out {out}</c>. The text is split into words once (single and double
/// quotes group words; nothing else is special) and run without a shell, so the paths put in for
/// the placeholders stay one argument each whatever they contain, and nothing is interpolated.
/// </summary>
public sealed partial class TrainerCommand
{
    public const string Teacher = "{teacher}";
    public const string TrainData = "{train_data}";
    public const string Out = "{out}";

    private TrainerCommand(string text, IReadOnlyList<string> words)
    {
        Text = text;
        Words = words;
    }

    /// <summary>The command as written, which also keys the cache.</summary>
    public string Text { get; }

    /// <summary>The program and its arguments, placeholders still in place.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The program to start: the first word.</summary>
    public string Program => Words[0];

    public static TrainerCommand Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = Split(text);
        if (words.Count == 0)
        {
            throw new DistillationException("the training command is empty; write the program and its arguments, e.g. \"python3 train.py {teacher} {train_data} {out}\"");
        }

        if (Placeholder().Matches(text).Select(m => m.Value).FirstOrDefault(p => p is not (Teacher or TrainData or Out)) is { } unknown)
        {
            throw new DistillationException($"the training command has '{unknown}'; the placeholders are {Teacher}, {TrainData} and {Out}");
        }

        if (!text.Contains(Out, StringComparison.Ordinal))
        {
            throw new DistillationException($"the training command has no {Out}: Harness passes the path the program writes its ONNX student to there");
        }

        return new TrainerCommand(text, words);
    }

    /// <summary>The arguments with each placeholder replaced by its path (the program is <see cref="Program"/>).</summary>
    public IReadOnlyList<string> Arguments(string teacher, string trainData, string output) =>
        [.. Words.Skip(1).Select(w => w.Replace(Teacher, teacher, StringComparison.Ordinal).Replace(TrainData, trainData, StringComparison.Ordinal).Replace(Out, output, StringComparison.Ordinal))];

    private static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } open)
            {
                if (c == open)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote is { } unclosed)
        {
            throw new DistillationException($"the training command opens a {unclosed} quote it does not close: {text}");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"\{[A-Za-z_]+\}")]
    private static partial Regex Placeholder();
}
