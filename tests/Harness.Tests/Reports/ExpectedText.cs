using System.Text;
using Spectre.Console;

namespace Harness.Tests.Reports;

/// <summary>
/// Console output and report files compared with an expected text file committed under Reports/Expected, as
/// Spectre.Console and BenchmarkDotNet test theirs. Set HARNESS_UPDATE_EXPECTED=1 to rewrite the
/// files from what is printed now; review the diff before committing it.
/// </summary>
internal static class ExpectedText
{
    /// <summary>As wide as the command line draws when its output is piped; no colour, no escape codes.</summary>
    public static (IAnsiConsole Console, StringWriter Output) PlainConsole(int width = 160)
    {
        var output = new StringWriter { NewLine = "\n" };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return (console, output);
    }

    public static void Matches(string name, string actual)
    {
        // A name with its own extension (run-report.md) is a file format's snapshot; a bare one is console text.
        var path = Path.Combine(TestAssets.RepositoryRoot, "tests", "Harness.Tests", "Reports", "Expected", Path.HasExtension(name) ? name : name + ".txt");
        var normalized = Normalize(actual);
        if (Environment.GetEnvironmentVariable("HARNESS_UPDATE_EXPECTED") == "1")
        {
            File.WriteAllText(path, normalized, new UTF8Encoding(false));
        }

        Assert.True(File.Exists(path), $"{path} does not exist; run the test once with HARNESS_UPDATE_EXPECTED=1 to write it, then review it");
        Assert.Equal(Normalize(File.ReadAllText(path)), normalized);
    }

    // Spectre pads some lines with spaces and editors strip them: trailing blanks carry no meaning here.
    private static string Normalize(string text) =>
        string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd())).TrimEnd('\n') + "\n";
}
