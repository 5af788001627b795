using System.Diagnostics;
using PxlScheduler.Core.Processes;

namespace PxlScheduler.Tests.Support;

/// <summary>Starts the built `pxl` executable as a separate process in a workspace, as an operator or systemd would.</summary>
internal static class PxlProcess
{
    public static Process Start(string workspaceRoot, params string[] args) => Start(workspaceRoot, new Dictionary<string, string>(), args);

    public static Process Start(string workspaceRoot, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(workspaceRoot, environment, ownSession: false, args);

    /// <summary>
    /// Starts `pxl` as the leader of a session and process group of its own (through util-linux's `setsid`, which
    /// execs in place, so the process keeps its id): what a terminal does with a foreground job, so that a signal to
    /// the group (Ctrl+C) reaches `pxl` and its cycle's command at once, and nothing of the test's own group.
    /// </summary>
    public static Process StartInOwnSession(string workspaceRoot, params string[] args) =>
        Start(workspaceRoot, new Dictionary<string, string>(), ownSession: true, args);

    private static Process Start(string workspaceRoot, IReadOnlyDictionary<string, string> environment, bool ownSession, string[] args)
    {
        var psi = new ProcessStartInfo(ownSession ? "setsid" : "dotnet")
        {
            WorkingDirectory = workspaceRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (ownSession)
        {
            // Signals the test sends reach pxl with their default action even when this test process was started
            // in the background (`cmd &` ignores SIGINT) or under nohup (SIGHUP): an ignored signal is inherited,
            // and .NET keeps it ignored, so pxl would never hear the Ctrl+C the test sends.
            psi.ArgumentList.Add("env");
            psi.ArgumentList.Add("--default-signal=HUP,INT");
            psi.ArgumentList.Add("dotnet");
        }

        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pxl.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        return ChildProcesses.Start(psi);
    }
}
