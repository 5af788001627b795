using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger.Queries;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Core.Storage;
using Quartz;

namespace PxlScheduler.Http;

/// <summary>
/// <c>/api/v1</c> (SPEC 12): the schedules as <c>pxl status --json</c> shows them, the runs and a run's log from the
/// ledger's SQL mirror, the figures of <c>pxl ledger stats</c>, and pause, resume and trigger through
/// <see cref="ScheduleControl"/> — each the CLI's own code path. Parameters are checked here and refused with a
/// problem naming the parameter and what is valid; every value reaches SQL as a parameter.
/// </summary>
internal static class ApiEndpoints
{
    private const int MaxTail = 100_000;

    public static void Map(IEndpointRouteBuilder app, TokenGate gate)
    {
        // Reads pass the gate's read check for every request (HttpServer); changes need the token here.
        var reads = app.MapGroup("/api/v1");
        reads.MapGet("/schedules", SchedulesAsync);
        reads.MapGet("/schedules/{name}", ScheduleAsync);
        reads.MapGet("/runs", RunsAsync);
        reads.MapGet("/runs/{runId}", RunAsync);
        reads.MapGet("/runs/{runId}/log", LogAsync);
        reads.MapGet("/stats", StatsAsync);
        reads.MapGet("/events", EventStream.Stream);

        var writes = app.MapGroup("/api/v1/schedules/{name}").AddEndpointFilter(async (context, next) => gate.Write(context.HttpContext) ?? await next(context));
        foreach (var action in ScheduleActions.Names)
        {
            writes.MapPost("/" + action, (string name, HttpContext context, ScheduleActions actions, CancellationToken cancellationToken) =>
                ChangeAsync(name, action, context, actions, cancellationToken));
        }
    }

    private static async Task<IResult> SchedulesAsync(ISchedulerFactory schedulers, ScheduleStatusReader reader, CancellationToken cancellationToken) =>
        Results.Json(await reader.ReadAsync(await schedulers.GetScheduler(cancellationToken), cancellationToken), ApiJson.Api.IReadOnlyListScheduleStatus);

    private static async Task<IResult> ScheduleAsync(string name, ISchedulerFactory schedulers, ScheduleStatusReader reader, CancellationToken cancellationToken)
    {
        var statuses = await reader.ReadAsync(await schedulers.GetScheduler(cancellationToken), cancellationToken);
        return statuses.FirstOrDefault(s => s.Name == name) is { } status
            ? Results.Json(status, ApiJson.Api.ScheduleStatus)
            : UnknownSchedule(name, statuses.Select(s => s.Name));
    }

    private static async Task<IResult> RunsAsync(
        [FromQuery] string? schedule,
        [FromQuery] string? status,
        [FromQuery] string? since,
        [FromQuery] string? until,
        [FromQuery] string? limit,
        [FromQuery] string? before,
        [FromQuery] string? q,
        ReadOnlyLedger ledger,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (filter, parameter, problem) = RunFilters.Parse(schedule, status, since, until, limit, before, q, time.GetUtcNow());
        if (filter is null)
        {
            return ApiProblems.BadParameter(parameter!, problem!);
        }

        await using var connection = await ledger.OpenAsync(cancellationToken);
        return await RunQuery.ListAsync(connection, filter, cancellationToken) is { } page
            ? Results.Json(page, ApiJson.Api.RunPage)
            : ApiProblems.BadParameter("before", RunFilters.UnknownCursor(before));
    }

    private static async Task<IResult> RunAsync(string runId, ReadOnlyLedger ledger, CancellationToken cancellationToken)
    {
        await using var connection = await ledger.OpenAsync(cancellationToken);
        return await RunQuery.FindAsync(connection, runId, cancellationToken) is { } run
            ? Results.Json(run, ApiJson.Api.RunView)
            : UnknownRun(runId);
    }

    /// <summary>
    /// A run's log: the file the ledger's row names, and only if it lies under <c>Paths:RunLogs</c> — the run id is
    /// never part of a path, so a run id that is not in the ledger is 404 whatever it spells.
    /// </summary>
    private static async Task<IResult> LogAsync(
        string runId,
        [FromQuery] string? tail,
        ReadOnlyLedger ledger,
        LedgerDatabase database,
        Workspace workspace,
        IOptions<PathsOptions> paths,
        CancellationToken cancellationToken)
    {
        int? lines = null;
        if (tail is not null)
        {
            if (!int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxTail)
            {
                return ApiProblems.BadParameter("tail", $"tail must be a whole number of lines from 1 to {MaxTail}; got '{tail}'.");
            }

            lines = n;
        }

        RunView? run;
        await using (var connection = await ledger.OpenAsync(cancellationToken))
        {
            run = await RunQuery.FindAsync(connection, runId, cancellationToken);
        }

        if (run is null)
        {
            return UnknownRun(runId);
        }

        // On a cluster each node writes the logs of its own runs on its own disk.
        if (database.Topology.OwnRowsHost is { } own && run.Host is { } host && host != own)
        {
            return ApiProblems.NotFound($"run {runId} ran on node {host}, and its log is on that node: GET /api/v1/runs/{runId}/log from node {host}.");
        }

        var (path, problem) = ServedLog.Resolve(workspace, paths.Value, runId, run.LogPath);
        if (path is null)
        {
            return ApiProblems.NotFound(problem!);
        }

        const string text = "text/plain; charset=utf-8";
        return lines is { } count ? Results.Text(await TailAsync(path, count, cancellationToken), text) : Results.File(path, text);
    }

    private static async Task<string> TailAsync(string path, int count, CancellationToken cancellationToken)
    {
        var kept = new Queue<string>(Math.Min(count, 1024));
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
        {
            if (kept.Count == count)
            {
                kept.Dequeue();
            }

            kept.Enqueue(line);
        }

        return kept.Count == 0 ? "" : string.Join('\n', kept) + "\n";
    }

    private static async Task<IResult> StatsAsync(
        [FromQuery] string? since, [FromQuery] string? schedule, ReadOnlyLedger ledger, TimeProvider time, CancellationToken cancellationToken)
    {
        string? from = null;
        if (since is not null)
        {
            (from, var problem) = TimeWindow.Parse(since, time.GetUtcNow(), "since");
            if (problem is not null)
            {
                return ApiProblems.BadParameter("since", problem);
            }
        }

        await using var connection = await ledger.OpenAsync(cancellationToken);
        return Results.Json(await LedgerStats.ComputeAsync(connection, from, schedule, cancellationToken), ApiJson.Api.IReadOnlyListScheduleStats);
    }

    private static async Task<IResult> ChangeAsync(string name, string action, HttpContext context, ScheduleActions actions, CancellationToken cancellationToken) =>
        await actions.ApplyAsync(action, name, context, cancellationToken) switch
        {
            ({ } done, _) => Results.Json(done, ApiJson.Api.ControlResult),
            (_, var refused) => ApiProblems.Result(refused!),
        };

    private static IResult UnknownSchedule(string name, IEnumerable<string> known)
    {
        var names = known.Order(StringComparer.Ordinal).ToList();
        return ApiProblems.NotFound($"no schedule named '{name}' in the store; known: {(names.Count == 0 ? "none" : string.Join(", ", names))}.");
    }

    private static IResult UnknownRun(string runId) => ApiProblems.NotFound($"no run '{runId}' in the ledger.");
}
