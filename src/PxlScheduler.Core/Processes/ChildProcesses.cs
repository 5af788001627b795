using System.Diagnostics;

namespace PxlScheduler.Core.Processes;

/// <summary>
/// The children of this process, split in two: those <see cref="Process"/> started (reaped by .NET, never by
/// us) and those adopted as a child subreaper — the orphans of a cycle, re-parented to pxl when their parent
/// died (a double fork, <c>setsid env -i daemon &amp;</c>). Adopted zombies are ours to reap, and are reaped.
/// </summary>
/// <remarks>
/// <para>
/// A <c>waitpid(-1, WNOHANG)</c> loop would be the classic reaper, and is wrong here: .NET's System.Native
/// handles SIGCHLD by calling <c>waitpid(pid, WNOHANG)</c> for each child <see cref="Process"/> started (it reaps
/// every child only when SIGCHLD was ignored at start), and a child reaped behind its back makes that call fail,
/// which .NET treats as fatal (<c>Environment.FailFast("Error while reaping child")</c>). So every start in this
/// process goes through <see cref="Start(Process)"/>, which records the pid under the same lock the reaper takes:
/// no child can be seen by the reaper between its fork and its registration. The reaper then reads this
/// process's children from <c>/proc</c> and calls <c>waitpid(pid, WNOHANG)</c> on each zombie that is not one of
/// .NET's. A registered pid is forgotten once it has left <c>/proc</c> (.NET reaped it); a pid reused meanwhile
/// is left alone, which errs on the safe side.
/// </para>
/// <para>
/// A SIGCHLD handler of our own (<c>PosixSignalRegistration</c>) was the alternative; it would have to make the
/// same distinction, on the signal thread .NET uses for its own reaping, so the simpler poll was chosen: the cycle
/// runner reaps every second while a cycle runs and once when it ends (see <see cref="CycleProcessRunner"/>).
/// </para>
/// </remarks>
internal static class ChildProcesses
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Started = [];

    /// <summary>Starts <paramref name="process"/> and records it as .NET's to reap. Every <see cref="Process"/> start in pxl goes through here.</summary>
    public static void Start(Process process)
    {
        lock (Gate)
        {
            process.Start();
            Started.Add(process.Id);
        }
    }

    /// <summary><see cref="Process.Start(ProcessStartInfo)"/>, recorded the same way.</summary>
    public static Process Start(ProcessStartInfo info)
    {
        var process = new Process { StartInfo = info };
        try
        {
            Start(process);
            return process;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>The live children of this process that .NET did not start: what a cycle left behind, adopted.</summary>
    public static IReadOnlyList<int> AdoptedAlive()
    {
        lock (Gate)
        {
            return [.. Adopted().Where(child => child.State != 'Z').Select(child => child.Pid)];
        }
    }

    /// <summary>Reaps every adopted zombie; returns how many were reaped.</summary>
    public static int ReapAdopted()
    {
        lock (Gate)
        {
            return Adopted().Count(child => child.State == 'Z' && ProcessTree.Reap(child.Pid));
        }
    }

    /// <summary>This process's children that it did not start itself. Called under <see cref="Gate"/>.</summary>
    private static List<(int Pid, char State)> Adopted()
    {
        Started.RemoveWhere(pid => !Directory.Exists($"/proc/{pid}"));
        return [.. ProcessTree.Children(Environment.ProcessId).Where(child => !Started.Contains(child.Pid))];
    }
}
