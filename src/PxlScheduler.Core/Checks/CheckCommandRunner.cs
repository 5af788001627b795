using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Processes;

namespace PxlScheduler.Core.Checks;

/// <summary>
/// Runs a check's command without a shell (an argument list, as a cycle is started) in the workspace
/// root, with a short timeout: exit 0 passes. Its first line of output is the detail ("GNU bash,
/// version 5.2…"); on failure the last line of stderr, which is usually the reason.
/// </summary>
internal sealed class CheckCommandRunner(Workspace workspace, TimeProvider time)
{
    private const int DetailLength = 160;

    public async Task<CheckProbe> RunAsync(string command, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var fileName = command.Contains('/', StringComparison.Ordinal) ? workspace.Resolve(command) : command;
        var display = CommandLine.Display(workspace.Display(command), arguments);
        if (CycleProcessRunner.CheckExecutable(fileName, workspace.Display(command)) is { } problem)
        {
            return CheckProbe.Fail(problem);
        }

        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            WorkingDirectory = workspace.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            // Through the registry, so that the cycle runner's reaper never takes a child .NET waits for.
            ChildProcesses.Start(process);
        }
        catch (Win32Exception e)
        {
            return CheckProbe.Fail($"{display} could not be started: {e.Message}");
        }

        process.StandardInput.Close();
        // Ours to dispose: Process.Dispose leaves a redirected stream the caller has touched open until the finalizer.
        using var stdoutReader = process.StandardOutput;
        using var stderrReader = process.StandardError;
        var stdout = stdoutReader.ReadToEndAsync(CancellationToken.None);
        var stderr = stderrReader.ReadToEndAsync(CancellationToken.None);
        using (var limit = new CancellationTokenSource(timeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token))
        {
            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                return CheckProbe.Fail(string.Create(CultureInfo.InvariantCulture, $"{display} did not finish within {timeout.TotalSeconds:0.###} s"));
            }
        }

        // A grandchild holding the pipes open must not hold the check: the exit code is the answer.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None));
        var output = stdout.IsCompletedSuccessfully ? stdout.Result : string.Empty;
        var errors = stderr.IsCompletedSuccessfully ? stderr.Result : string.Empty;
        if (process.ExitCode == 0)
        {
            return CheckProbe.Pass(FirstLine(output) ?? FirstLine(errors) ?? "exit 0");
        }

        var why = LastLine(errors) ?? LastLine(output);
        return CheckProbe.Fail(string.Create(CultureInfo.InvariantCulture, $"{display} exited with {process.ExitCode}{(why is null ? "" : ": " + why)}"));
    }

    private static string? FirstLine(string text) => Shorten(text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0));

    private static string? LastLine(string text) => Shorten(text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0));

    private static string? Shorten(string? line) => line is { Length: > DetailLength } ? line[..DetailLength] + "…" : line;
}
