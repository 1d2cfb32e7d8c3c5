using System.Globalization;
using System.Text;
using Harness.Measure.Clock;
using Harness.Measure.Loads;

namespace Harness.Measure.LoadGenerators;

/// <summary>Raw per-query latencies (from scheduled arrival), one per line in milliseconds, so any tool can re-analyse them.</summary>
public static class SamplesFile
{
    public static void Write(string path, RequestLog log)
    {
        var text = new StringBuilder(log.Count * 24);
        text.Append("latency_ms,queue_ms\n");
        for (var i = 0; i < log.Count; i++)
        {
            text.Append(Duration.Between(log.Scheduled[i], log.Completed[i]).Milliseconds.ToString("0.######", CultureInfo.InvariantCulture)).Append(',')
                .Append(Duration.Between(log.Scheduled[i], log.Started[i]).Milliseconds.ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// The latencies column of a file <see cref="Write"/> wrote, in milliseconds. A file that is not
    /// one (another header, a value that is not a number) is refused with its path and line.
    /// </summary>
    public static double[] ReadLatencies(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith("latency_ms", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} is not a samples file: its first line should start with 'latency_ms'");
        }

        var latencies = new List<double>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            var field = comma < 0 ? line.AsSpan() : line.AsSpan(0, comma);
            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var latency) || !double.IsFinite(latency) || latency < 0)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: '{field}' is not a latency in milliseconds");
            }

            latencies.Add(latency);
        }

        return [.. latencies];
    }
}
