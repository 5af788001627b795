namespace PxlScheduler.Core.Scheduling;

/// <summary>Why a `pxl run` session ended.</summary>
public enum RunEnd
{
    /// <summary>It ran the cycles it was asked for.</summary>
    Completed,

    /// <summary>Consecutive failures reached the limit and the schedule was halted.</summary>
    Halted,

    /// <summary>The stop file vetoed the next cycle.</summary>
    StoppedByStopFile,

    /// <summary>Shutdown (Ctrl+C, SIGTERM) cancelled the running cycle.</summary>
    Cancelled,

    /// <summary>A cycle could not be recorded (or not even started) because a file under state/ or logs/ cannot be written.</summary>
    Unrecorded,
}
