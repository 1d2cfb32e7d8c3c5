namespace Harness.Price;

/// <summary>A price file or pricing request that makes no sense (a negative price, an unknown device, a demand nothing can serve).</summary>
public sealed class PriceException : UserFacingException
{
    public PriceException()
    {
    }

    public PriceException(string message)
        : base(message)
    {
    }

    public PriceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
