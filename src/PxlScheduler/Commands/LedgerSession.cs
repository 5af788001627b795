using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Hosting;

namespace PxlScheduler.Commands;

/// <summary>
/// What a `pxl ledger` command runs in: the same configuration as every command (so <c>Paths:Ledger</c> and
/// <c>Storage:ConnectionString</c> are honoured), a host built but never started, and one way of turning
/// failures into exit codes: configuration and refused queries exit 2, database errors exit 1.
/// </summary>
internal sealed class LedgerSession(CliContext cli, IServiceProvider services)
{
    private const int MaxIssuesShown = 50;
    private int _issues;

    public IServiceProvider Services => services;

    /// <summary>The ledger's path as shown to people: relative to the workspace root.</summary>
    public string LedgerDisplay => cli.Workspace.Display(LedgerPath);

    public string LedgerPath => cli.Workspace.Resolve(services.GetRequiredService<IOptions<PathsOptions>>().Value.Ledger);

    /// <summary>True when output goes to a person at a terminal rather than to a file, a pipe or a test.</summary>
    public bool IsTerminal => ReferenceEquals(cli.Output, Console.Out) && !Console.IsOutputRedirected;

    public static async Task<int> RunAsync(CliContext cli, Func<LedgerSession, Task<int>> action)
    {
        try
        {
            var builder = PxlHost.CreateBuilder(cli.Workspace, new Dictionary<string, string?>());
            using var host = builder.Build();
            var session = new LedgerSession(cli, host.Services);
            if (Directory.Exists(session.LedgerPath))
            {
                // Not a ledger at all: every command would read nothing, or a database error would hide why.
                cli.Error.WriteLine($"pxl: error: the ledger {session.LedgerDisplay} ({PathsOptions.SectionName}:Ledger) is a directory, not a file; move it aside or correct {PathsOptions.SectionName}:Ledger");
                return ExitCodes.Failure;
            }

            return await action(session);
        }
        catch (Exception e) when (StartupErrors.Describe(e) is { } lines)
        {
            return cli.UsageError(lines);
        }
        catch (LedgerRefusedException e)
        {
            return cli.UsageError([e.Message]);
        }
        catch (DbException e)
        {
            cli.Error.WriteLine($"pxl: error: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Prints a warning about a ledger line (<c>file:line: …</c>); past the first 50, only counts them.</summary>
    public void Warn(LedgerIssue issue)
    {
        if (++_issues <= MaxIssuesShown)
        {
            cli.Error.WriteLine($"pxl: warning: {LedgerDisplay}:{issue.LineNumber}: {issue.Message}");
        }
    }

    /// <summary>Says how many warnings were not printed, if any.</summary>
    public void EndWarnings()
    {
        if (_issues > MaxIssuesShown)
        {
            cli.Error.WriteLine($"pxl: warning: {_issues - MaxIssuesShown} more line warning(s) not shown; `pxl ledger verify` counts them");
        }
    }
}
