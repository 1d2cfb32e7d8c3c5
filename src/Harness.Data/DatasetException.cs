namespace Harness.Data;

/// <summary>
/// Data a user pointed the harness at cannot be used: a missing or malformed file, a sample that
/// does not fit the model, a label out of range. The message names the file and, where there is
/// one, the sample, so the user can find and fix the cause.
/// </summary>
public sealed class DatasetException : UserFacingException
{
    public DatasetException()
        : this("The dataset cannot be used.")
    {
    }

    public DatasetException(string message)
        : base(message)
    {
    }

    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DatasetException(string message, string? path, string? sampleId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        SampleId = sampleId;
    }

    /// <summary>The file or folder at fault, when there is one.</summary>
    public string? Path { get; }

    /// <summary>The sample at fault, when the problem is one sample's.</summary>
    public string? SampleId { get; }

    /// <summary>A problem with one file: the message starts with the path.</summary>
    public static DatasetException InFile(string path, string problem, Exception? inner = null) =>
        new($"{path}: {problem}", path, null, inner);

    /// <summary>A problem with one sample: the message names the sample and the file it came from.</summary>
    public static DatasetException InSample(string path, string sampleId, string problem, Exception? inner = null) =>
        new($"{path}: sample {sampleId}: {problem}", path, sampleId, inner);
}
