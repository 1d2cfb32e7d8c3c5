namespace Harness.Data;

/// <summary>What a dataset's samples are labelled with.</summary>
public enum LabelKind
{
    /// <summary>No labels: fidelity runs compare against a reference model instead.</summary>
    None,

    /// <summary>An integer class index in [0, class count).</summary>
    Class,

    /// <summary>A text (OCR ground truth).</summary>
    Text,
}

/// <summary>One sample's ground truth: a class index or a text, or nothing.</summary>
public readonly record struct SampleLabel
{
    private SampleLabel(LabelKind kind, int classIndex, string? text)
    {
        Kind = kind;
        ClassIndex = classIndex;
        Text = text;
    }

    public static SampleLabel None { get; } = new(LabelKind.None, -1, null);

    public LabelKind Kind { get; }

    /// <summary>The class index; -1 unless <see cref="Kind"/> is <see cref="LabelKind.Class"/>.</summary>
    public int ClassIndex { get; }

    /// <summary>The text; null unless <see cref="Kind"/> is <see cref="LabelKind.Text"/>.</summary>
    public string? Text { get; }

    public static SampleLabel Class(int index) => new(LabelKind.Class, index, null);

    public static SampleLabel OfText(string text) => new(LabelKind.Text, -1, text ?? throw new ArgumentNullException(nameof(text)));

    public override string ToString() => Kind switch
    {
        LabelKind.Class => ClassIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LabelKind.Text => '"' + Text + '"',
        _ => "(none)",
    };
}
