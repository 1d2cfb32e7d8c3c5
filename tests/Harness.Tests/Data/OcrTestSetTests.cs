using Harness.Data;
using Harness.Data.Ocr;

namespace Harness.Tests.Data;

public sealed class OcrTestSetTests
{
    private readonly string _scratch = TestAssets.NewScratchDirectory("ocr-set");

    private int Width(ImageMagick magick, string text)
    {
        var path = Path.Combine(_scratch, Guid.NewGuid().ToString("N") + ".pgm");
        magick.Run(["-font", Path.Combine(OcrTestSetOptions.DejaVuFolder, "DejaVuSansMono.ttf"), "-pointsize", "20", "label:" + ImageMagick.LabelText(text), "pgm:" + path], text);
        return NetpbmImage.ReadSize(path).Width;
    }

    private static OcrTestSetGenerator Small(int seed = 7) => new(new OcrTestSetOptions { Seed = seed, LineCount = 5 });

    [Fact]
    public void Renders_lines_with_texts_slices_and_rotated_copies()
    {
        var set = Small().EnsureRendered(Path.Combine(_scratch, "set"));

        var lines = set.Lines(Preprocessing.Default);
        var directions = set.Directions(Preprocessing.Default);
        var upright = lines.ReadBatches(1).ToList();
        var both = directions.ReadBatches(1).ToList();

        Assert.True(set.FreshlyRendered);
        Assert.Equal(5, lines.Count);
        Assert.Equal(10, directions.Count);
        Assert.Equal(Small().Lines.Select(l => l.Text), upright.Select(b => b.Samples[0].Label.Text));
        Assert.All(upright, b => Assert.Contains(b.Samples[0].Slices["length"], new[] { "short", "medium", "long" }));
        Assert.All(upright, b => Assert.StartsWith("DejaVu", b.Samples[0].Slices["font"], StringComparison.Ordinal));
        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], both.Select(b => b.Samples[0].Label.ClassIndex));
        for (var i = 0; i < 5; i++)
        {
            // The rotated copy is the noisy upright image turned 180°: the same pixels in reverse order per channel.
            var a = both[2 * i].Inputs[0];
            var r = both[(2 * i) + 1].Inputs[0];
            Assert.Equal(a.Shape, r.Shape);
            var plane = (int)(a.Shape[2] * a.Shape[3]);
            for (var c = 0; c < a.Shape[1]; c++)
            {
                var forward = a.GetSpan<float>().Slice(c * plane, plane).ToArray();
                var backward = r.GetSpan<float>().Slice(c * plane, plane).ToArray();
                Array.Reverse(backward);
                Assert.Equal(forward, backward);
            }
        }
    }

    [Fact]
    public void The_same_seed_renders_the_same_bytes_and_a_second_run_renders_nothing()
    {
        var first = Small().EnsureRendered(Path.Combine(_scratch, "a"));
        var second = Small().EnsureRendered(Path.Combine(_scratch, "b"));
        var stamps = Directory.GetFiles(first.Folder).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var again = Small().EnsureRendered(first.Folder);

        var files = Directory.GetFiles(first.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(second.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(first.Folder, f!)), File.ReadAllBytes(Path.Combine(second.Folder, f!))));
        Assert.False(again.FreshlyRendered);
        Assert.All(stamps, s => Assert.Equal(s.Value, File.GetLastWriteTimeUtc(s.Key)));
    }

    [Fact]
    public void Other_options_replace_a_stale_render()
    {
        var folder = Path.Combine(_scratch, "set");
        Small(seed: 1).EnsureRendered(folder);

        var other = new OcrTestSetGenerator(new OcrTestSetOptions { Seed = 2, LineCount = 3 }).EnsureRendered(folder);

        Assert.True(other.FreshlyRendered);
        Assert.Equal(3, other.Lines(Preprocessing.Default).Count);
        Assert.Equal(6, Directory.GetFiles(folder, "line-*").Length);
    }

    [Fact]
    public void A_folder_that_is_not_a_rendered_set_is_left_alone()
    {
        File.WriteAllText(Path.Combine(_scratch, "mine.txt"), "keep me");

        var error = Assert.Throws<DatasetException>(() => Small().EnsureRendered(_scratch));

        Assert.Contains("holds no rendered OCR set", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_scratch, "mine.txt")));
    }

    [Fact]
    public void A_missing_font_says_which_package_has_it()
    {
        var generator = new OcrTestSetGenerator(new OcrTestSetOptions { LineCount = 2, Fonts = [new OcrFont("Nope", Path.Combine(_scratch, "Nope.ttf"))] });

        var error = Assert.Throws<DatasetException>(() => generator.EnsureRendered(Path.Combine(_scratch, "set")));

        Assert.Contains("Nope.ttf does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install fonts-dejavu-core", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ImageMagick_failure_is_one_message_and_leaves_no_partial_render()
    {
        var font = Path.Combine(_scratch, "Broken.ttf");
        File.WriteAllText(font, "not a font");
        var generator = new OcrTestSetGenerator(new OcrTestSetOptions { LineCount = 60, Fonts = [new OcrFont("Broken", font)] });

        var error = Assert.Throws<DatasetException>(() => generator.EnsureRendered(Path.Combine(_scratch, "set")));

        Assert.Contains("failed to render OCR lines", error.Message, StringComparison.Ordinal);
        Assert.Contains("unable to read font", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Broken.ttf"], Directory.GetFileSystemEntries(_scratch).Select(Path.GetFileName));
    }

    [Fact]
    public void Without_ImageMagick_the_message_says_how_to_install_it()
    {
        // echo answers "-version" to -version: a program by a plausible name that is not ImageMagick, like a stand-in script.
        var error = Assert.Throws<DatasetException>(() => ImageMagick.Locate([Path.Combine(_scratch, "missing"), "/bin/echo"]));

        Assert.Contains("apt-get install imagemagick", error.Message, StringComparison.Ordinal);
        Assert.Contains("/bin/echo: not ImageMagick (says \"-version\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_text_escapes_what_ImageMagick_would_interpret()
    {
        Assert.Equal("100%% off", ImageMagick.LabelText("100% off"));
        Assert.Equal("a\\\\b", ImageMagick.LabelText("a\\b"));
        Assert.Equal("\\@home", ImageMagick.LabelText("@home"));
        Assert.Equal("x@y.com", ImageMagick.LabelText("x@y.com"));
        Assert.Equal("BOOK [48\\]", ImageMagick.LabelText("BOOK [48]"));
        Assert.Equal("a [b] c", ImageMagick.LabelText("a [b] c"));
    }

    [Theory]
    [InlineData("BOOK [48]", "BOOK")]
    [InlineData("100% off", "100 off")]
    [InlineData("@home", "home")]
    [InlineData("a\\b", "ab")]
    public void Characters_ImageMagick_would_interpret_are_drawn(string text, string without)
    {
        var magick = ImageMagick.Locate();

        // Monospace: every character that is drawn adds one advance (label widths round to ±1 pixel).
        var advance = Width(magick, "xx") - Width(magick, "x");
        Assert.InRange(Width(magick, text) - Width(magick, without), ((text.Length - without.Length) * advance) - 1, ((text.Length - without.Length) * advance) + 1);
    }

    [Fact]
    public void Composed_lines_are_deterministic_and_within_bounds()
    {
        var a = new OcrTextComposer(3);
        var b = new OcrTextComposer(3);
        var lines = Enumerable.Range(0, 300).Select(_ => a.Next()).ToList();

        Assert.Equal(lines, Enumerable.Range(0, 300).Select(_ => b.Next()));
        Assert.All(lines, l => Assert.InRange(l.Length, 1, OcrTextComposer.MaxLength));
        Assert.All(lines, l => Assert.True(l.All(c => c is >= ' ' and <= '~'), l));
        Assert.All(lines, l => Assert.DoesNotContain("  ", l, StringComparison.Ordinal));
        var buckets = lines.GroupBy(OcrTextComposer.LengthBucket).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(new[] { "short", "medium", "long" }, k => Assert.True(buckets.GetValueOrDefault(k) >= 30, $"{k}: {buckets.GetValueOrDefault(k)}"));
    }
}
