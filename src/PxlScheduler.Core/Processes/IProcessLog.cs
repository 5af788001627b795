namespace PxlScheduler.Core.Processes;

/// <summary>
/// Where a child process's output goes while it runs: its bytes as they come, and pxl's own notes about
/// it (a timeout, leftovers stopped). The run log is the one implementation; the process runner knows
/// nothing of runs.
/// </summary>
internal interface IProcessLog
{
    Task WriteOutputAsync(ReadOnlyMemory<byte> output, CancellationToken cancellationToken);

    Task WriteNoteAsync(string note, CancellationToken cancellationToken);
}
