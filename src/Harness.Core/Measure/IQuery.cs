namespace Harness.Measure;

/// <summary>
/// One query the measurement loop issues. Implemented by structs and passed by generic
/// constraint, so the loop is specialised per query type: no interface dispatch, no delegate,
/// nothing allocated between two timestamps.
/// </summary>
public interface IQuery
{
    void Issue();
}
