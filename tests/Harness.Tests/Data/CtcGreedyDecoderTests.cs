using Harness.Data;
using Harness.Data.Ocr;

namespace Harness.Tests.Data;

public sealed class CtcGreedyDecoderTests
{
    private readonly string _scratch = TestAssets.NewScratchDirectory("ctc");

    [Fact]
    public void Argmax_per_step_collapses_repeats_and_drops_blanks()
    {
        // Classes: 0 blank, 1 'a', 2 'b', 3 space. A blank between two a's keeps both.
        var decoder = new CtcGreedyDecoder(["", "a", "b", " "]);
        int[] best = [1, 1, 0, 1, 2, 2, 3, 0, 0, 2];
        var scores = new float[best.Length * 4];
        for (var t = 0; t < best.Length; t++)
        {
            for (var c = 0; c < 4; c++)
            {
                scores[(t * 4) + c] = c == best[t] ? 0.7f : 0.1f;
            }
        }

        Assert.Equal("aab b", decoder.Decode(scores));
        Assert.Equal(string.Empty, decoder.Decode(new float[] { 0.9f, 0.1f, 0, 0, 0.8f, 0.2f, 0, 0 }));
    }

    [Fact]
    public void A_keys_file_gives_blank_keys_and_space()
    {
        var path = Path.Combine(_scratch, "keys.txt");
        File.WriteAllText(path, "x\r\ny\nz\n");
        var decoder = CtcGreedyDecoder.FromKeysFile(path);
        float[] scores = [0, 1, 0, 0, 0, /**/ 0, 0, 0, 0, 1, /**/ 0, 0, 0, 1, 0];

        Assert.Equal(5, decoder.ClassCount);
        Assert.Equal("x z", decoder.Decode(scores));
        Assert.True(decoder.CanSpell("x yz"));
        Assert.False(decoder.CanSpell("xa"));
    }

    [Fact]
    public void A_class_count_mismatch_names_the_dictionary_and_the_output()
    {
        var path = Path.Combine(_scratch, "keys.txt");
        File.WriteAllText(path, "x\ny\n");

        var error = Assert.Throws<DatasetException>(() => CtcGreedyDecoder.FromKeysFile(path).RequireClassCount(6625, "output 'softmax'"));

        Assert.Contains("keys.txt: defines 4 classes (blank, 2 characters, space), but output 'softmax' scores 6625", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_PaddleOCR_dictionary_has_6623_keys_so_6625_classes()
    {
        var keys = Path.Combine(TestAssets.PaddleOcrDirectory, "ppocr_keys_v1.txt");
        Assert.True(File.Exists(keys), $"{keys} is missing: run ./run.sh to fetch the PaddleOCR models.");

        var decoder = CtcGreedyDecoder.FromKeysFile(keys);

        Assert.Equal(6625, decoder.ClassCount);
        Assert.True(decoder.CanSpell("Invoice #4521, $12.50 (v2.4.1) @ 14:35!"));
    }
}
