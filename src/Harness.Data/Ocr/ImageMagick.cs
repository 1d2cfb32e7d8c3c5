using System.Diagnostics;
using System.Text;

namespace Harness.Data.Ocr;

/// <summary>
/// The ImageMagick command line (<c>magick</c> 7 or <c>convert</c> 6), found by asking each
/// candidate for its version: a name on PATH is not proof, since a machine may carry a stand-in
/// script called convert.
/// </summary>
public sealed class ImageMagick
{
    /// <summary>Names the binary to use, overriding the PATH search.</summary>
    public const string EnvironmentVariable = "HARNESS_IMAGEMAGICK";

    private const string InstallHint =
        "Install it with 'apt-get install imagemagick' (./run.sh does this during set-up), or set " + EnvironmentVariable + " to its magick or convert binary.";

    private ImageMagick(string executable, string version)
    {
        Executable = executable;
        Version = version;
    }

    public string Executable { get; }

    /// <summary>The first line of <c>-version</c>, e.g. "Version: ImageMagick 6.9.11-60 Q16 x86_64 2021-01-25".</summary>
    public string Version { get; }

    /// <exception cref="DatasetException">No working ImageMagick; the message says how to install it.</exception>
    public static ImageMagick Locate() => Locate(Candidates());

    /// <summary>The first of <paramref name="candidates"/> that answers -version as ImageMagick.</summary>
    internal static ImageMagick Locate(IEnumerable<string> candidates)
    {
        var attempts = new List<string>();
        foreach (var candidate in candidates)
        {
            var version = Probe(candidate, out var problem);
            if (version is not null)
            {
                return new ImageMagick(candidate, version);
            }

            attempts.Add($"{candidate}: {problem}");
        }

        var tried = attempts.Count == 0 ? "no magick or convert on PATH" : string.Join("; ", attempts);
        throw new DatasetException($"ImageMagick is needed to render the OCR test set, but none works here ({tried}). {InstallHint}");
    }

    /// <summary>
    /// Text for a <c>label:</c> argument that renders exactly as given. ImageMagick expands
    /// <c>%</c> escapes and backslash escapes in label text, reads a file for a leading <c>@</c>
    /// (which its security policy usually forbids), and takes a trailing <c>[…]</c> as a read
    /// modifier ("BOOK [48]" would render "BOOK"). A backslash before a character renders the
    /// character itself, which hides the last two.
    /// </summary>
    public static string LabelText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "%%", StringComparison.Ordinal);
        if (escaped.StartsWith('@'))
        {
            escaped = "\\" + escaped;
        }

        return escaped.EndsWith(']') ? escaped[..^1] + "\\]" : escaped;
    }

    /// <summary>Runs one command line; a failure becomes a <see cref="DatasetException"/> carrying ImageMagick's own message.</summary>
    public void Run(IReadOnlyList<string> arguments, string what)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // One thread per process: the caller runs processes side by side, and a single-threaded
        // run draws its noise in one fixed order, so the same seed gives the same pixels.
        start.Environment["MAGICK_THREAD_LIMIT"] = "1";
        using var process = Process.Start(start) ?? throw new DatasetException($"{Executable} could not be started to render {what}. {InstallHint}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var message = stderr.Result.Trim();
            var policy = message.Contains("not authorized", StringComparison.OrdinalIgnoreCase)
                ? " ImageMagick's security policy (policy.xml, e.g. /etc/ImageMagick-6/policy.xml) forbids part of this: allow the PNM coder and the text (label:) coder there."
                : string.Empty;
            throw new DatasetException($"ImageMagick ({Executable}) failed to render {what} (exit code {process.ExitCode}): {message}.{policy}");
        }
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } explicitPath)
        {
            yield return explicitPath;
            yield break;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var name in new[] { "magick", "convert" })
        {
            foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    yield return candidate;
                }
            }
        }
    }

    private static string? Probe(string executable, out string problem)
    {
        try
        {
            var start = new ProcessStartInfo(executable, "-version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                problem = "could not be started";
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
                problem = "did not answer -version";
                return null;
            }

            var firstLine = output.Result.Split('\n')[0].Trim();
            if (process.ExitCode == 0 && firstLine.StartsWith("Version: ImageMagick", StringComparison.Ordinal))
            {
                problem = string.Empty;
                return firstLine;
            }

            var said = new StringBuilder(firstLine.Length > 0 ? firstLine : error.Split('\n')[0].Trim());
            problem = said.Length > 0 ? $"not ImageMagick (says \"{said}\")" : "not ImageMagick";
            return null;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            problem = e.Message;
            return null;
        }
    }
}
