using Serilog.Core;
using Serilog.Events;

namespace PxlScheduler.Hosting;

/// <summary>
/// Adds <c>ExceptionSummary</c> to an event that carries an exception: the innermost exception's type and message on
/// one line (" (IOException: No space left on device : '…')"), for the console, whose template shows it in place of
/// the stack trace; the log file keeps <c>{Exception}</c>, the whole trace.
/// </summary>
/// <remarks>
/// The innermost, because Quartz wraps what a job throws twice ("Job threw an unhandled exception"), and it is the
/// innermost that says what to fix. A disk that filled up printed four traces, 66 lines, on stderr for one cycle.
/// </remarks>
internal sealed class ExceptionSummaryEnricher : ILogEventEnricher
{
    public const string PropertyName = "ExceptionSummary";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Exception is { } exception)
        {
            var inner = exception.GetBaseException();
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(PropertyName, $" ({inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ")})"));
        }
    }
}
