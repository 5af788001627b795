using Dapper;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Processes;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Checks;

/// <summary>
/// The checks <c>pxl check</c> always runs before the configured ones: the folders PxlScheduler writes
/// (created if missing), the cycle command, the store, the schedule files. All required.
/// </summary>
/// <remarks>A new built-in check is one more line in <see cref="All"/>.</remarks>
internal sealed class BuiltInChecks(
    Workspace workspace,
    IOptions<PathsOptions> paths,
    IOptions<CycleOptions> cycle,
    LedgerDatabase database,
    ScheduleFileReader schedules)
{
    public IReadOnlyList<PrerequisiteCheck> All() =>
    [
        Writable(paths.Value.Sandbox),
        Writable(Path.GetDirectoryName(workspace.Resolve(paths.Value.Ledger))!),
        Writable(paths.Value.RunLogs),
        new("cycle command", true, $"set {CycleOptions.SectionName}:Command to your planner, or make it executable", CycleCommandAsync),
        new("store reachable", true, $"check {StorageOptions.SectionName}:ConnectionString and that its folder is writable", StoreAsync),
        new("schedules valid", true, "run `pxl schedules validate` for every error, with its file and field", SchedulesAsync),
    ];

    private PrerequisiteCheck Writable(string directory)
    {
        var display = workspace.Display(directory);
        return new($"{display}/ writable", true, $"create {display}/ and give this user write access to it", async cancellationToken =>
        {
            var full = workspace.Resolve(directory);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".pxl-check-{Guid.NewGuid():N}");
            await using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            return CheckProbe.Pass(display + "/");
        });
    }

    private Task<CheckProbe> CycleCommandAsync(CancellationToken cancellationToken)
    {
        var command = cycle.Value.Command;
        var fileName = command.Contains('/', StringComparison.Ordinal) ? workspace.Resolve(command) : command;
        var display = workspace.Display(command);
        return Task.FromResult(CycleProcessRunner.CheckExecutable(fileName, display) is { } problem
            ? CheckProbe.Fail(problem)
            : CheckProbe.Pass(display));
    }

    private Task<CheckProbe> SchedulesAsync(CancellationToken cancellationToken)
    {
        var set = schedules.ReadAll();
        var where = workspace.Display(schedules.Directory);
        return Task.FromResult(set.IsValid
            ? CheckProbe.Pass($"{set.Schedules.Count} schedule(s) in {where}/")
            : CheckProbe.Fail($"{set.Errors.Count} error(s) in {where}/; first: {set.Errors[0]}"));
    }

    private async Task<CheckProbe> StoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Provider == StorageProvider.Postgres)
        {
            var server = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SHOW server_version", cancellationToken: cancellationToken));
            return CheckProbe.Pass($"PostgreSQL {server}, {database.Describe(workspace)}");
        }

        var version = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT sqlite_version()", cancellationToken: cancellationToken));
        return CheckProbe.Pass($"SQLite {version}" + (database.FilePath is { } file ? $" at {workspace.Display(file)}" : ""));
    }
}
