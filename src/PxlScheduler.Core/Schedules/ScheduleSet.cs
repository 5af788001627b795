namespace PxlScheduler.Core.Schedules;

/// <summary>
/// Every schedule read from <c>schedules/*.json</c>, and every error found, each naming its file and field.
/// <see cref="FolderExists"/> tells a folder that is not there (a typo in <c>Paths:Schedules</c>, a volume not
/// mounted) from one that holds no schedule.
/// </summary>
public sealed record ScheduleSet(IReadOnlyList<ScheduleDefinition> Schedules, IReadOnlyList<string> Errors, int Files, bool FolderExists = true)
{
    /// <summary>Files in the folder that are not read but look as if they were meant to be (<c>NIGHTLY.JSON</c>), each naming the file.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool IsValid => Errors.Count == 0;
}
