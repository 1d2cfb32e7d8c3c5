using System.CommandLine;
using Harness.Reports.History;
using Harness.Results.History;

namespace Harness.Cli.Commands;

/// <summary><c>harness history MODEL/VARIANT/TARGET/LOAD [--metric p99]</c>: one measurement's figure over the recorded runs, change points marked.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var measurement = new Argument<string>("measurement") { Description = "The measurement id, model/variant/target/load (as results.json and the run's table name it)." };
        var metric = new Option<string>("--metric") { Description = "The figure to follow: " + string.Join(", ", RunHistory.Metrics) + ".", DefaultValueFactory = _ => "p99" };
        var last = new Option<int>("--last") { Description = "At most this many of the newest runs.", DefaultValueFactory = _ => 50 };
        var history = HistoryOptions.PathOption();
        var command = new Command("history", "Show one measurement's figure over the recorded runs, with change points (ED-PELT) marked.") { measurement, metric, last, history };
        command.SetAction(parse => UserErrors.Run(parse, output =>
        {
            var path = HistoryOptions.Resolve(parse.GetValue(history));
            if (!File.Exists(path))
            {
                throw new UsageException($"there is no run history at {path}; 'harness run' records each run there (or give --history PATH)");
            }

            var id = parse.GetValue(measurement)!;
            if (parse.GetValue(last) < 1)
            {
                throw new UsageException("--last must be at least 1");
            }

            using var runHistory = RunHistory.Open(path);
            var points = runHistory.Trend(id, parse.GetValue(metric)!, parse.GetValue(last));
            if (points.Count == 0)
            {
                var known = runHistory.MeasurementIds();
                throw new UsageException($"the run history {path} holds no measurement '{id}'" + (known.Count == 0 ? "; it holds no runs yet" : "; it holds: " + string.Join(", ", known.Take(20))));
            }

            output.Write(MetricTrend.Of(id, parse.GetValue(metric)!, points).Render());
            return 0;
        }));
        return command;
    }
}
