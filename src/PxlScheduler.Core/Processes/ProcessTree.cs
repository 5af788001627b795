using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace PxlScheduler.Core.Processes;

/// <summary>
/// Process-tree operations .NET does not offer on Linux: the descendants of a process (from
/// <c>/proc</c>), signals to a set of processes, and reaping orphans that were re-parented to us
/// (we make ourselves a child subreaper, so a cycle's grandchildren never become zombies of pid 1).
/// </summary>
internal static partial class ProcessTree
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    private const int PrSetChildSubreaper = 36;
    private const int KernelThreadDaemon = 2;
    private const int WNoHang = 1;
    private const int PAll = 0;
    private const int WExited = 4;
    private const int WNoWait = 0x01000000;
    private const int WAll = 0x40000000;
    private const int EChild = 10;

    /// <summary>Every live descendant of <paramref name="rootPid"/>, parents before children.</summary>
    public static IReadOnlyList<int> Descendants(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var (pid, parent, _) in AllProcesses())
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var result = new List<int>();
        var queue = new Queue<int>([rootPid]);
        while (queue.TryDequeue(out var pid))
        {
            if (!children.TryGetValue(pid, out var list))
            {
                continue;
            }

            foreach (var child in list)
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>Sends <paramref name="signal"/> to each process; returns how many received it.</summary>
    public static int Signal(IEnumerable<int> pids, int signal) => pids.Count(pid => Kill(pid, signal) == 0);

    /// <summary>The process's start time in clock ticks since boot (with its pid, an identity that survives pid reuse), or null when it is gone.</summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Field 22 of stat (starttime) is the 20th after the command name.
            return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => ReadStat(pid) is { } stat && stat.State != 'Z';

    /// <summary>
    /// True when this process has no child at all, running or zombie: <c>waitid(P_ALL, WNOHANG | WNOWAIT)</c>
    /// fails with ECHILD. One system call, and nothing is reaped.
    /// </summary>
    public static bool HasNoChildren()
    {
        var info = default(SigInfo);
        return WaitId(PAll, 0, ref info, WExited | WNoHang | WNoWait | WAll) < 0 && Marshal.GetLastPInvokeError() == EChild;
    }

    /// <summary>Orphaned descendants are re-parented to this process instead of pid 1.</summary>
    public static bool BecomeSubreaper() => Prctl(PrSetChildSubreaper, 1, 0, 0, 0) == 0;

    /// <summary>
    /// Every live process whose environment carries <paramref name="variable"/>=<paramref name="value"/>:
    /// a cycle's whole tree, even the parts that left it by double-forking or <c>setsid</c>.
    /// </summary>
    public static IReadOnlyList<int> WithEnvironment(string variable, string value)
    {
        var marker = Encoding.UTF8.GetBytes($"{variable}={value}\0");
        var found = new List<int>();
        foreach (var (pid, parent, state) in AllProcesses())
        {
            // Kernel threads (kthreadd and its children) and zombies have no environment: reading one fails
            // (ESRCH), and the exception each, dozens per scan and a scan per cycle, showed in the soak's counters.
            if (pid == KernelThreadDaemon || parent == KernelThreadDaemon || state == 'Z')
            {
                continue;
            }

            byte[] environment;
            try
            {
                environment = File.ReadAllBytes($"/proc/{pid}/environ");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (pid != Environment.ProcessId && IsEntry(environment, marker) && IsAlive(pid))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>
    /// The children of <paramref name="pid"/> with their state ('Z' for a zombie), from the kernel's per-thread
    /// <c>children</c> lists (a child belongs to the thread that forked it, or was adopted by); a scan of every
    /// process where those lists are not compiled in.
    /// </summary>
    public static IReadOnlyList<(int Pid, char State)> Children(int pid)
    {
        var tasks = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task";
        if (!File.Exists($"{tasks}/{pid.ToString(CultureInfo.InvariantCulture)}/children"))
        {
            return [.. AllProcesses().Where(p => p.Parent == pid).Select(p => (p.Pid, p.State))];
        }

        var children = new List<(int, char)>();
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            string list;
            try
            {
                list = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var word in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var child) && ReadStat(child) is { } stat && stat.Parent == pid)
                {
                    children.Add((child, stat.State));
                }
            }
        }

        return children;
    }

    /// <summary><c>waitpid(pid, WNOHANG)</c>: true when <paramref name="pid"/>, a zombie child, was reaped. Only for children .NET did not start (see <see cref="ChildProcesses"/>).</summary>
    public static bool Reap(int pid) => WaitPid(pid, out _, WNoHang) == pid;

    private static bool IsEntry(ReadOnlySpan<byte> environment, ReadOnlySpan<byte> entry)
    {
        for (var index = environment.IndexOf(entry); index >= 0;)
        {
            if (index == 0 || environment[index - 1] == 0)
            {
                return true;
            }

            var next = environment[(index + 1)..].IndexOf(entry);
            index = next < 0 ? -1 : index + 1 + next;
        }

        return false;
    }

    private static IEnumerable<(int Pid, int Parent, char State)> AllProcesses()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadStat(pid) is { } stat)
            {
                yield return (pid, stat.Parent, stat.State);
            }
        }
    }

    private static (char State, int Parent)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so parse after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            ? (fields[0][0], parent)
            : null;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, out int status, int options);

    [LibraryImport("libc", EntryPoint = "waitid", SetLastError = true)]
    private static partial int WaitId(int idType, int id, ref SigInfo info, int options);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    /// <summary>The kernel's <c>siginfo_t</c> (128 bytes); only its size matters here.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    private struct SigInfo;
}
