using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Harness.Data.Ocr;

/// <summary>
/// Renders the OCR test set with ImageMagick into a folder the caller names (the harness uses
/// <c>$HARNESS_HOME/datasets/ocr-lines-v1</c>) and caches it there: the folder appears whole (it
/// is rendered beside it and renamed into place) with a completion marker holding a fingerprint of
/// every line's text and look, so a second run with the same options renders nothing, and changed
/// options render afresh.
/// </summary>
public sealed class OcrTestSetGenerator
{
    /// <summary>Changes when rendering changes in a way the line descriptions do not show.</summary>
    private const string RenderingVersion = "ocr-lines v1 r2";

    /// <summary>Lines per ImageMagick process: one process per line would spend more time starting than drawing.</summary>
    private const int LinesPerProcess = 25;

    private static readonly Lock RenderLock = new();

    private readonly Lazy<ImageMagick> _magick;

    public OcrTestSetGenerator(OcrTestSetOptions? options = null, ImageMagick? magick = null)
    {
        Options = options ?? new OcrTestSetOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.LineCount, 1);
        _magick = new Lazy<ImageMagick>(() => magick ?? ImageMagick.Locate());
        Lines = Plan(Options);
    }

    public OcrTestSetOptions Options { get; }

    /// <summary>The lines to render, fixed by the options before anything is drawn.</summary>
    public IReadOnlyList<OcrLine> Lines { get; }

    /// <summary>Where the harness keeps the default set.</summary>
    public static string DefaultFolder(string harnessHome) => Path.Combine(harnessHome, "datasets", "ocr-lines-v1");

    /// <summary>The set in <paramref name="folder"/>, rendered first unless a complete render of the same lines is already there.</summary>
    public OcrTestSet EnsureRendered(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        // Without a trailing separator, so the partial render lands beside the folder, not inside it.
        folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var fingerprint = Fingerprint();
        lock (RenderLock)
        {
            if (IsComplete(folder, fingerprint))
            {
                return new OcrTestSet(folder, Lines.Count, FreshlyRendered: false);
            }

            if (Directory.Exists(folder) && !File.Exists(Path.Combine(folder, OcrTestSet.CompletionMarkerName)) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw new DatasetException(
                    $"{folder} exists but holds no rendered OCR set (no {OcrTestSet.CompletionMarkerName} marker); remove it or choose another folder.", folder);
            }

            var partial = $"{folder}.partial-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
            try
            {
                Render(partial, fingerprint);
                Install(partial, folder, fingerprint);
            }
            finally
            {
                if (Directory.Exists(partial))
                {
                    Directory.Delete(partial, recursive: true);
                }
            }

            return new OcrTestSet(folder, Lines.Count, FreshlyRendered: true);
        }
    }

    private static List<OcrLine> Plan(OcrTestSetOptions options)
    {
        if (options.Fonts.Count == 0 || options.PointSizes.Count == 0)
        {
            throw new ArgumentException("The OCR test set needs at least one font and one point size.", nameof(options));
        }

        var composer = new OcrTextComposer(options.Seed, options.CanSpell);
        var random = new Random(unchecked((options.Seed * 7919) + 17));
        var lines = new List<OcrLine>(options.LineCount);
        for (var i = 0; i < options.LineCount; i++)
        {
            var text = composer.Next();
            var font = options.Fonts[random.Next(options.Fonts.Count)];
            var size = options.PointSizes[random.Next(options.PointSizes.Count)];
            var format = random.Next(100);
            var color = format >= 75;
            var ascii = format is >= 65 and < 75 or >= 95;
            string foreground, background;
            if (color)
            {
                (foreground, background) = Palette[random.Next(Palette.Length)];
            }
            else
            {
                foreground = Grey(random.Next(0, 60));
                background = Grey(random.Next(210, 256));
            }

            // Margins in proportion to the text, as a detector's crop leaves them: a fixed pixel margin
            // is a whole blank character wide at small sizes, and recognizers read it as a space.
            var borderX = (int)Math.Round(size * (0.1 + (random.NextDouble() * 0.2)));
            var borderY = (int)Math.Round(size * (0.05 + (random.NextDouble() * 0.15)));
            var noiseSeed = random.Next(1, int.MaxValue);
            var noise = Math.Round(0.1 + (random.NextDouble() * 0.5), 3);
            var blur = random.Next(4) == 0 ? 0 : Math.Round(0.3 + (random.NextDouble() * 0.5), 3);
            lines.Add(new OcrLine(i, text, font, size, color, ascii, foreground, background, borderX, borderY, noiseSeed, noise, blur));
        }

        return lines;
    }

    /// <summary>Dark text on light paper, as colour scans show it.</summary>
    private static readonly (string Foreground, string Background)[] Palette =
    [
        ("#1a1a1a", "#ffffff"), ("#202a60", "#f2ecd9"), ("#6b1010", "#e9f0f7"), ("#0d4020", "#fdf6e3"), ("#000000", "#d8d8d8"), ("#3a2a10", "#e6f2e6"),
    ];

    private static string Grey(int level) => string.Create(CultureInfo.InvariantCulture, $"#{level:x2}{level:x2}{level:x2}");

    private string Fingerprint()
    {
        var description = new StringBuilder(RenderingVersion).Append('\n');
        foreach (var line in Lines)
        {
            description.Append(line.Describe()).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description.ToString())));
    }

    private static bool IsComplete(string folder, string fingerprint)
    {
        var marker = Path.Combine(folder, OcrTestSet.CompletionMarkerName);
        return File.Exists(marker) && File.ReadAllText(marker).StartsWith(fingerprint, StringComparison.Ordinal);
    }

    private void Render(string partial, string fingerprint)
    {
        foreach (var font in Lines.Select(l => l.Font).Distinct())
        {
            if (!File.Exists(font.File))
            {
                throw new DatasetException(
                    $"{font.File} does not exist: the OCR set is rendered in the DejaVu fonts. Install them with 'apt-get install fonts-dejavu-core'.", font.File);
            }
        }

        Directory.CreateDirectory(partial);
        var magick = _magick.Value;
        var chunks = Lines.Chunk(LinesPerProcess).ToList();
        try
        {
            Parallel.ForEach(
                chunks,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4) },
                chunk => magick.Run(Arguments(chunk, partial), $"OCR lines {chunk[0].Index}–{chunk[^1].Index} into {partial}"));
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(inner => inner is DatasetException) is DatasetException first)
        {
            // One clear message, not a bundle: every chunk fails for the same reason (no fonts, a policy).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }

        File.WriteAllText(Path.Combine(partial, OcrTestSet.LinesLabelsName), LabelsTsv(direction: false));
        File.WriteAllText(Path.Combine(partial, OcrTestSet.DirectionLabelsName), LabelsTsv(direction: true));
        File.WriteAllText(
            Path.Combine(partial, OcrTestSet.CompletionMarkerName),
            $"{fingerprint}\n{RenderingVersion}: {Lines.Count} lines, seed {Options.Seed.ToString(CultureInfo.InvariantCulture)}, {magick.Version}\n");
    }

    /// <summary>Moves a finished render into place, replacing a stale one; a render another process finished first wins.</summary>
    private static void Install(string partial, string folder, string fingerprint)
    {
        if (Directory.Exists(folder))
        {
            if (IsComplete(folder, fingerprint))
            {
                return;
            }

            // Only a folder carrying our marker gets here (EnsureRendered refuses others): a stale render.
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        try
        {
            Directory.Move(partial, folder);
        }
        catch (IOException) when (IsComplete(folder, fingerprint))
        {
            // Another process rendered the same set meanwhile; theirs is as good as ours.
        }
    }

    /// <summary>
    /// One ImageMagick command for a chunk of lines. Each line is drawn inside parentheses with all
    /// its settings and its own -seed, so its pixels do not depend on which chunk it falls in.
    /// </summary>
    private static List<string> Arguments(IEnumerable<OcrLine> chunk, string folder)
    {
        var c = CultureInfo.InvariantCulture;
        var args = new List<string>();
        foreach (var line in chunk)
        {
            var coder = line.Color ? "ppm:" : "pgm:";
            args.AddRange(
            [
                "(",
                "-background", line.Background, "-fill", line.Foreground, "-font", line.Font.File,
                "-pointsize", line.PointSize.ToString(c), "label:" + ImageMagick.LabelText(line.Text),
                "-bordercolor", line.Background, "-border", $"{line.BorderX.ToString(c)}x{line.BorderY.ToString(c)}",
                "-seed", line.NoiseSeed.ToString(c), "-attenuate", line.Noise.ToString("0.###", c), "+noise", "Gaussian",
            ]);
            if (line.Blur > 0)
            {
                args.AddRange(["-blur", "0x" + line.Blur.ToString("0.###", c)]);
            }

            // 8-bit samples (maxval 255) also in the text formats, which a 16-bit ImageMagick would otherwise write with maxval 65535.
            args.AddRange(["-depth", "8", line.Ascii ? "-compress" : "+compress"]);
            if (line.Ascii)
            {
                args.Add("none");
            }

            args.AddRange(
            [
                "-write", coder + Path.Combine(folder, line.FileName),
                "-rotate", "180",
                "-write", coder + Path.Combine(folder, line.RotatedFileName),
                ")",
            ]);
        }

        // The written images are still in the list; null: discards them.
        args.Add("null:");
        return args;
    }

    private string LabelsTsv(bool direction)
    {
        var text = new StringBuilder();
        foreach (var line in Lines)
        {
            var slices = string.Concat(line.Slices.Select(s => $"\t{s.Key}={s.Value}"));
            if (direction)
            {
                text.Append(line.FileName).Append("\t0").Append(slices).Append('\n');
                text.Append(line.RotatedFileName).Append("\t1").Append(slices).Append('\n');
            }
            else
            {
                text.Append(line.FileName).Append('\t').Append(line.Text).Append(slices).Append('\n');
            }
        }

        return text.ToString();
    }
}
