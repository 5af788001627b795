namespace PxlScheduler.Core.Schedules;

/// <summary>Every schedule read from <c>schedules/*.json</c>, and every error found, each naming its file and field.</summary>
public sealed record ScheduleSet(IReadOnlyList<ScheduleDefinition> Schedules, IReadOnlyList<string> Errors, int Files)
{
    public bool IsValid => Errors.Count == 0;
}
