namespace Harness.Evaluate.Metrics;

/// <summary>
/// A scenario named a metric the harness does not have, or one of the wrong kind for its data.
/// A user error: the message lists the names that would work, and the scenario layer can add the
/// file and line.
/// </summary>
public sealed class UnknownMetricException : UserFacingException
{
    public UnknownMetricException()
    {
        Name = string.Empty;
        KnownNames = [];
    }

    public UnknownMetricException(string message)
        : base(message)
    {
        Name = string.Empty;
        KnownNames = [];
    }

    public UnknownMetricException(string message, Exception innerException)
        : base(message, innerException)
    {
        Name = string.Empty;
        KnownNames = [];
    }

    public UnknownMetricException(string name, IReadOnlyList<string> knownNames, string? kind = null)
        : base($"unknown {kind}{(kind is null ? "" : " ")}metric '{name}'; known: {string.Join(", ", knownNames)}")
    {
        Name = name;
        KnownNames = knownNames;
    }

    /// <summary>The name that was asked for.</summary>
    public string Name { get; }

    /// <summary>The names that would have been accepted.</summary>
    public IReadOnlyList<string> KnownNames { get; }
}
