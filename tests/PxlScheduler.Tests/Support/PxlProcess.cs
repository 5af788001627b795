using System.Diagnostics;

namespace PxlScheduler.Tests.Support;

/// <summary>Starts the built `pxl` executable as a separate process in a workspace, as an operator or systemd would.</summary>
internal static class PxlProcess
{
    public static Process Start(string workspaceRoot, params string[] args) => Start(workspaceRoot, new Dictionary<string, string>(), args);

    public static Process Start(string workspaceRoot, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workspaceRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        return Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
