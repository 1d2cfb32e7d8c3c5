using System.Globalization;
using Harness.Results;
using Microsoft.Data.Sqlite;

namespace Harness.Results.History;

/// <summary>
/// Every run, appended to one SQLite database (<c>$HARNESS_HOME/history.db</c> by default): the
/// run, its environment fingerprint, and each measurement's headline figures with the path of its
/// per-request latencies. A run is appended in one transaction, so the database holds all of it
/// or none of it; a database that is locked, corrupt or of another schema is a
/// <see cref="HistoryException"/> and is left as it was.
/// </summary>
public sealed class RunHistory : IDisposable
{
    public const string FileName = "history.db";

    /// <summary>The schema this code writes, kept in SQLite's <c>user_version</c>.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The figures <c>harness history --metric</c> accepts, each a column of <c>measurements</c>.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["p50", "p90", "p95", "p99", "p999", "mean", "max", "qps", "samples_per_sec"];

    private const string Schema = """
        CREATE TABLE fingerprints (
            hash TEXT PRIMARY KEY, cpu TEXT NOT NULL, cores INTEGER NOT NULL, onnxruntime TEXT NOT NULL, providers TEXT NOT NULL, os TEXT NOT NULL, dotnet TEXT NOT NULL);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY, run_id TEXT NOT NULL UNIQUE, scenario TEXT NOT NULL, scenario_sha256 TEXT NOT NULL,
            started_at TEXT NOT NULL, harness_version TEXT NOT NULL, harness_commit TEXT NOT NULL,
            fingerprint TEXT NOT NULL REFERENCES fingerprints(hash), results_path TEXT NOT NULL);
        CREATE TABLE measurements (
            run INTEGER NOT NULL REFERENCES runs(id), measurement_id TEXT NOT NULL, model TEXT NOT NULL, variant TEXT NOT NULL,
            target TEXT NOT NULL, load TEXT NOT NULL, status TEXT NOT NULL, valid INTEGER NOT NULL, count INTEGER,
            mean REAL, p50 REAL, p90 REAL, p95 REAL, p99 REAL, p999 REAL, max REAL, qps REAL, samples_per_sec REAL,
            samples_path TEXT, PRIMARY KEY (run, measurement_id));
        CREATE INDEX measurements_by_id ON measurements(measurement_id);
        """;

    private readonly SqliteConnection connection;
    private readonly string path;

    private RunHistory(SqliteConnection connection, string path)
    {
        this.connection = connection;
        this.path = path;
    }

    /// <summary>The default database: <c>$HARNESS_HOME/history.db</c> (HARNESS_HOME defaults to ~/.cache/harness).</summary>
    public static string DefaultPath() => Path.Combine(
        Environment.GetEnvironmentVariable("HARNESS_HOME") is { Length: > 0 } home ? home : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "harness"),
        FileName);

    /// <summary>Opens the database, creating it with the current schema when it does not exist.</summary>
    /// <param name="busyTimeout">How long to wait for another process's lock before giving up (default 5 s).</param>
    public static RunHistory Open(string path, TimeSpan? busyTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling((busyTimeout ?? TimeSpan.FromSeconds(5)).TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            var history = new RunHistory(connection, full);
            history.EnsureSchema();
            return history;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Explain(full, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Appends one run in a single transaction; a run already recorded (same run id) is replaced whole.</summary>
    public void Append(RunResults results, string resultsPath)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(resultsPath);
        var runFolder = Path.GetDirectoryName(Path.GetFullPath(resultsPath))!;
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var environment = results.Environment;
            var fingerprint = RunFingerprint.Of(environment);
            Execute(transaction, "INSERT OR IGNORE INTO fingerprints VALUES ($hash, $cpu, $cores, $ort, $providers, $os, $dotnet)",
                ("$hash", fingerprint), ("$cpu", environment.Cpu), ("$cores", environment.Cores), ("$ort", environment.OnnxRuntime),
                ("$providers", string.Join(',', environment.Providers)), ("$os", environment.Os), ("$dotnet", environment.Dotnet));
            Execute(transaction, "DELETE FROM measurements WHERE run IN (SELECT id FROM runs WHERE run_id = $run)", ("$run", results.RunId));
            Execute(transaction, "DELETE FROM runs WHERE run_id = $run", ("$run", results.RunId));
            var runKey = Convert.ToInt64(Scalar(transaction,
                "INSERT INTO runs (run_id, scenario, scenario_sha256, started_at, harness_version, harness_commit, fingerprint, results_path) VALUES ($run, $scenario, $sha, $started, $version, $commit, $fingerprint, $path) RETURNING id",
                ("$run", results.RunId), ("$scenario", results.Scenario.Name), ("$sha", results.Scenario.Sha256),
                ("$started", results.StartedAt.ToString("o", CultureInfo.InvariantCulture)), ("$version", results.Harness.Version), ("$commit", results.Harness.Commit),
                ("$fingerprint", fingerprint), ("$path", Path.GetFullPath(resultsPath))), CultureInfo.InvariantCulture);
            foreach (var m in results.Measurements)
            {
                var latency = m.LatencyMs;
                Execute(transaction,
                    "INSERT INTO measurements VALUES ($run, $id, $model, $variant, $target, $load, $status, $valid, $count, $mean, $p50, $p90, $p95, $p99, $p999, $max, $qps, $sps, $samples)",
                    ("$run", runKey), ("$id", m.Id), ("$model", m.Model), ("$variant", m.Variant), ("$target", m.Target), ("$load", m.Id[(m.Id.LastIndexOf('/') + 1)..]),
                    ("$status", m.Status), ("$valid", m.Status == MeasurementStatus.Ok && m.Validity.Valid ? 1 : 0), ("$count", latency?.Count),
                    ("$mean", latency?.Mean), ("$p50", latency?.P50), ("$p90", latency?.P90), ("$p95", latency?.P95), ("$p99", latency?.P99), ("$p999", latency?.P999), ("$max", latency?.Max),
                    ("$qps", m.Throughput?.QueriesPerSec), ("$sps", m.Throughput?.SamplesPerSec),
                    ("$samples", m.SamplesFile is { } samples ? Path.Combine(runFolder, samples) : null));
            }

            transaction.Commit();
        }
        catch (SqliteException e)
        {
            throw Explain(path, e);
        }
    }

    /// <summary>Results files of the last <paramref name="count"/> runs of a scenario on one fingerprint, newest first, leaving out one run (the run being judged).</summary>
    public IReadOnlyList<string> RecentRuns(string scenario, string fingerprint, string excludeRunId, int count)
    {
        using var command = Command(
            "SELECT results_path FROM runs WHERE scenario = $scenario AND fingerprint = $fingerprint AND run_id <> $exclude ORDER BY started_at DESC, id DESC LIMIT $count",
            ("$scenario", scenario), ("$fingerprint", fingerprint), ("$exclude", excludeRunId), ("$count", count));
        return Read(command, r => r.GetString(0));
    }

    /// <summary>One metric of one measurement over every recorded run, oldest first (at most the last <paramref name="last"/>).</summary>
    public IReadOnlyList<HistoryPoint> Trend(string measurementId, string metric, int last)
    {
        if (!Metrics.Contains(metric))
        {
            throw new HistoryException($"'{metric}' is not a metric the history keeps; expected one of: {string.Join(", ", Metrics)}");
        }

        // The column name comes from the fixed list above, never from the user's text.
        using var command = Command(
            $"SELECT * FROM (SELECT r.run_id, r.started_at, r.fingerprint, m.status, m.valid, m.{metric}, m.samples_path, r.id FROM measurements m JOIN runs r ON r.id = m.run WHERE m.measurement_id = $id ORDER BY r.started_at DESC, r.id DESC LIMIT $last) ORDER BY started_at, id",
            ("$id", measurementId), ("$last", last));
        return Read(command, r => new HistoryPoint(
            r.GetString(0),
            DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture),
            r.GetString(2),
            r.GetString(3),
            r.GetInt64(4) != 0,
            r.IsDBNull(5) ? null : r.GetDouble(5),
            r.IsDBNull(6) ? null : r.GetString(6)));
    }

    /// <summary>Measurement ids the history holds, for a "did you mean" when one is not there.</summary>
    public IReadOnlyList<string> MeasurementIds()
    {
        using var command = Command("SELECT DISTINCT measurement_id FROM measurements ORDER BY measurement_id");
        return Read(command, r => r.GetString(0));
    }

    public void Dispose() => connection.Dispose();

    private void EnsureSchema()
    {
        var version = Convert.ToInt32(Scalar(null, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        var tables = Convert.ToInt64(Scalar(null, "SELECT count(*) FROM sqlite_master"), CultureInfo.InvariantCulture);
        if (version == SchemaVersion)
        {
            return;
        }

        if (version != 0 || tables != 0)
        {
            throw new HistoryException($"{path} is not a Harness run history of schema {SchemaVersion} (it says user_version {version}); move it aside or give another with --history");
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(transaction, Schema);
        Execute(transaction, $"PRAGMA user_version = {SchemaVersion}");
        transaction.Commit();
    }

    private static HistoryException Explain(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        5 or 6 => new HistoryException($"the run history {path} is locked by another process (SQLite: {e.Message}); nothing was written. Wait for it to finish, or give another file with --history", e),
        11 or 26 => new HistoryException($"the run history {path} is not a readable SQLite database (SQLite: {e.Message}); nothing was written. Move it aside and a new one is started, or give another file with --history", e),
        _ => new HistoryException($"the run history {path} could not be used (SQLite: {e.Message}); nothing was written", e),
    };

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private void Execute(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private object? Scalar(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    private List<T> Read<T>(SqliteCommand command, Func<SqliteDataReader, T> row)
    {
        try
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(row(reader));
            }

            return rows;
        }
        catch (SqliteException e)
        {
            throw Explain(path, e);
        }
    }
}
