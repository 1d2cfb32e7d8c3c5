namespace Harness.Reports.Gate;

/// <summary>Inputs the gate cannot compare at all: a missing or foreign results file, another scenario, a missing samples file. Exit code 2, never a verdict.</summary>
public sealed class GateInputException : UserFacingException
{
    public GateInputException()
    {
    }

    public GateInputException(string message)
        : base(message)
    {
    }

    public GateInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
