using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Processes;

namespace PxlScheduler.Core.Checks;

/// <summary>
/// Runs prerequisite checks one after another and reports each: every check for <c>pxl check</c>,
/// the configured required ones before each cycle (SPEC 6 step 2).
/// </summary>
/// <remarks>
/// Before a cycle only the configured required checks run. The built-in ones are either the cycle's
/// own business (a missing command is <c>start_failed</c>, and a schedule may have its own command) or
/// would fail the recording anyway; <c>pxl check</c> is where an operator sees them.
/// </remarks>
internal sealed class PrerequisiteChecker(
    BuiltInChecks builtIn,
    IOptions<ChecksOptions> options,
    CheckCommandRunner runner,
    Workspace workspace,
    ILogger<PrerequisiteChecker> logger)
{
    public Task<IReadOnlyList<CheckResult>> RunAllAsync(CancellationToken cancellationToken) =>
        RunAsync([.. builtIn.All(), .. Configured(options.Value.Required, required: true), .. Configured(options.Value.Optional, required: false)], cancellationToken);

    /// <summary>The configured required checks, before a cycle; each failure is also logged (<c>pxl check</c> shows its own table instead).</summary>
    public async Task<IReadOnlyList<CheckResult>> RunRequiredAsync(CancellationToken cancellationToken)
    {
        var results = await RunAsync([.. Configured(options.Value.Required, required: true)], cancellationToken);
        foreach (var failed in results.Where(r => r.Blocks))
        {
            ChecksLog.RequiredFailed(logger, failed.Name, failed.Detail, failed.Hint);
        }

        return results;
    }

    private static async Task<IReadOnlyList<CheckResult>> RunAsync(IReadOnlyList<PrerequisiteCheck> checks, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>(checks.Count);
        foreach (var check in checks)
        {
            CheckProbe probe;
            try
            {
                probe = await check.Probe(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                probe = CheckProbe.Fail(e.Message);
            }

            results.Add(new CheckResult(check.Name, check.Required, probe.Passed, probe.Detail, check.Hint));
        }

        return results;
    }

    private IEnumerable<PrerequisiteCheck> Configured(IEnumerable<CheckOptions> checks, bool required) =>
        checks.Select(check => check switch
        {
            { Program: { Length: > 0 } program } => new PrerequisiteCheck(
                check.Name ?? program, required, check.Hint, _ => Task.FromResult(ProbeProgram(program))),
            { Command: { Length: > 0 } command } => new PrerequisiteCheck(
                check.Name ?? CommandLine.Display(command, check.Arguments),
                required,
                check.Hint,
                cancellationToken => runner.RunAsync(command, check.Arguments, TimeSpan.FromSeconds(check.TimeoutSeconds), cancellationToken)),
            _ => new PrerequisiteCheck(check.Name ?? check.Path!, required, check.Hint, _ => Task.FromResult(ProbePath(check.Path!, check.Executable))),
        });

    /// <summary>Found and executable, as the command of a cycle would be; nothing is started, so it costs a PATH lookup.</summary>
    private CheckProbe ProbeProgram(string program)
    {
        var display = workspace.Display(program);
        return CycleProcessRunner.CheckExecutable(program.Contains('/', StringComparison.Ordinal) ? workspace.Resolve(program) : program, display) is { } problem
            ? CheckProbe.Fail(problem)
            : CheckProbe.Pass($"{display} is installed");
    }

    private CheckProbe ProbePath(string path, bool executable)
    {
        var full = workspace.Resolve(path);
        var display = workspace.Display(path);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return CheckProbe.Fail($"{display} does not exist");
        }

        if (executable && !CycleProcessRunner.IsExecutableFile(full))
        {
            return CheckProbe.Fail($"{display} is not an executable file");
        }

        return CheckProbe.Pass(display);
    }
}
