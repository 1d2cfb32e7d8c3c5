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
}
