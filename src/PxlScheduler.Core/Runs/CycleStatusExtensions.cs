namespace PxlScheduler.Core.Runs;

/// <summary>The wire names of <see cref="CycleStatus"/> and what each counts as.</summary>
public static class CycleStatusExtensions
{
    public static string ToWire(this CycleStatus status) => status switch
    {
        CycleStatus.Success => "success",
        CycleStatus.Failure => "failure",
        CycleStatus.Timeout => "timeout",
        CycleStatus.PrereqFailed => "prereq_failed",
        CycleStatus.WriteCapExceeded => "write_cap_exceeded",
        CycleStatus.StartFailed => "start_failed",
        CycleStatus.Cancelled => "cancelled",
        CycleStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status whose wire name is <paramref name="wire"/>, or null for none.</summary>
    public static CycleStatus? FromWire(string wire)
    {
        foreach (var status in Enum.GetValues<CycleStatus>())
        {
            if (status.ToWire() == wire)
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>Whether the status counts towards the consecutive-failure halt. Cancelled is a shutdown, not a failure.</summary>
    public static bool IsFailure(this CycleStatus status) => status is not (CycleStatus.Success or CycleStatus.Cancelled);
}
