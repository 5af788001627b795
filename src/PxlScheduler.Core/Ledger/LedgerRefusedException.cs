namespace PxlScheduler.Core.Ledger;

/// <summary>
/// A ledger command refused before it changed anything: a statement given to <c>pxl ledger query</c> that would
/// change the database or that the database could not prepare, or a <c>pxl ledger rebuild</c> that would only
/// empty the mirror. The message is one line for the operator; the command exits 2.
/// </summary>
public sealed class LedgerRefusedException : Exception
{
    public LedgerRefusedException()
    {
    }

    public LedgerRefusedException(string message)
        : base(message)
    {
    }

    public LedgerRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
