namespace PxlScheduler.Core.Ledger.Queries;

/// <summary>A statement given to <c>pxl ledger query</c> that would change the database, or that SQLite could not prepare; the message is one line for the operator.</summary>
public sealed class QueryRefusedException : Exception
{
    public QueryRefusedException()
    {
    }

    public QueryRefusedException(string message)
        : base(message)
    {
    }

    public QueryRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
