using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Cycles;
using PxlScheduler.Core.Ledger.Queries;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Schedules;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Http;
using Quartz;

namespace PxlScheduler.Dashboard;

/// <summary>
/// The dashboard's pages (issue 16): overview, runs, a run, a schedule — each read through the API's own readers
/// (<see cref="ScheduleStatusReader"/>, <see cref="RunQuery"/>, <see cref="LedgerStats"/>, <see cref="FireTimes"/>)
/// and written by <see cref="HtmlWriter"/>. A bad parameter is a page that says which and what is valid (400).
/// </summary>
internal static class DashboardEndpoints
{
    private const int PageLogBytes = 256 * 1024;
    private const int TailBytes = 64 * 1024;
    private const int HaltLogBytes = 4 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", OverviewAsync);
        app.MapGet("/runs", RunsAsync);
        app.MapGet("/runs/{runId}", RunAsync);
        app.MapGet("/runs/{runId}/log", DownloadAsync);
        app.MapGet("/runs/{runId}/tail", TailAsync);
        app.MapGet("/schedules/{name}", ScheduleAsync);
    }

    private static async Task<IResult> OverviewAsync(
        HttpContext context, Pages pages, ISchedulerFactory schedulers, ScheduleStatusReader reader, ReadOnlyLedger ledger, StopFile stopFile,
        Workspace workspace, IOptions<PathsOptions> paths, CancellationToken cancellationToken)
    {
        var page = pages.Context(context);
        var statuses = await reader.ReadAsync(await schedulers.GetScheduler(cancellationToken), cancellationToken);
        var recent = new Dictionary<string, IReadOnlyList<RecentRun>>(StringComparer.Ordinal);
        var halts = new List<OverviewPage.Halt>();
        await using (var connection = await ledger.OpenAsync(cancellationToken))
        {
            foreach (var status in statuses)
            {
                recent[status.Name] = await RecentRuns.OfAsync(connection, status.Name, RecentRuns.Strip, cancellationToken);
                if (status.State != ScheduleCondition.Halted)
                {
                    continue;
                }

                var failure = await RecentRuns.LastFailureAsync(connection, status.Name, cancellationToken);
                var row = failure is null ? null : await RunQuery.FindAsync(connection, failure.RunId, cancellationToken);
                string? tail = null;
                if (row is not null && ServedLog.Resolve(workspace, paths.Value, row.RunId, row.LogPath).Path is { } path)
                {
                    tail = (await LogText.TailAsync(path, HaltLogBytes, cancellationToken)).Text;
                }

                halts.Add(new OverviewPage.Halt(status, failure, tail));
            }
        }

        return Pages.Html(context, page, "Overview", OverviewPage.Render(page, statuses, recent, halts, stopFile.IsPresent ? stopFile.Display : null));
    }

    private static async Task<IResult> RunsAsync(
        HttpContext context,
        [FromQuery] string? schedule,
        [FromQuery] string? status,
        [FromQuery] string? since,
        [FromQuery] string? until,
        [FromQuery] string? q,
        [FromQuery] string? before,
        Pages pages,
        ISchedulerFactory schedulers,
        ScheduleStatusReader reader,
        ReadOnlyLedger ledger,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var page = pages.Context(context);
        var names = (await reader.ReadAsync(await schedulers.GetScheduler(cancellationToken), lastRuns: false, cancellationToken)).Select(s => s.Name).ToList();
        var query = new RunsPage.Query(schedule, status, since, until, q, before);
        var (filter, _, problem) = RunFilters.Parse(schedule, status, since, until, limit: null, before, q, time.GetUtcNow());
        RunPage? runs = null;
        if (filter is not null)
        {
            await using var connection = await ledger.OpenAsync(cancellationToken);
            runs = await RunQuery.ListAsync(connection, filter, cancellationToken);
            problem = runs is null ? RunFilters.UnknownCursor(before) : null;
        }

        return Pages.Html(context, page, "Runs", RunsPage.Render(query, names, runs, problem), problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> RunAsync(
        string runId, HttpContext context, Pages pages, ReadOnlyLedger ledger, InFlightRuns inFlight, Workspace workspace, IOptions<PathsOptions> paths, CancellationToken cancellationToken)
    {
        var page = pages.Context(context);
        var (run, running) = await FindAsync(runId, ledger, inFlight, cancellationToken);
        if (run is null)
        {
            return Pages.Html(context, page, "No such run", ConfirmPage.Refused($"There is no run '{runId}' in the ledger, and none in flight.", "/runs"), StatusCodes.Status404NotFound);
        }

        var (path, problem) = ServedLog.Resolve(workspace, paths.Value, run.RunId, run.LogPath);
        RunDetailPage.Log? log = null;
        if (path is not null)
        {
            var (text, length, cut) = await LogText.TailAsync(path, PageLogBytes, cancellationToken);
            log = new RunDetailPage.Log(text, length, cut);
        }

        return Pages.Html(context, page, $"Run {run.RunId}", RunDetailPage.Render(run, running, log, problem));
    }

    private static async Task<IResult> DownloadAsync(
        string runId, ReadOnlyLedger ledger, InFlightRuns inFlight, Workspace workspace, IOptions<PathsOptions> paths, CancellationToken cancellationToken)
    {
        var (run, _) = await FindAsync(runId, ledger, inFlight, cancellationToken);
        var (path, problem) = run is null ? (null, $"no run '{runId}' in the ledger.") : ServedLog.Resolve(workspace, paths.Value, run.RunId, run.LogPath);
        return path is null
            ? Results.Text(problem, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
            : Results.File(path, "text/plain; charset=utf-8", fileDownloadName: Path.GetFileName(path));
    }

    /// <summary>
    /// What a followed log gained after <c>offset</c>, as text, with the next offset in <c>X-Log-Offset</c> and whether
    /// the run still goes on in <c>X-Run-Running</c>. The page polls it each second while the run is in flight: a
    /// stateless read from an offset survives a dropped connection and costs one read, where a feed of log lines
    /// would need a watcher per viewer inside serve.
    /// </summary>
    private static async Task<IResult> TailAsync(
        string runId, HttpContext context, [FromQuery] string? offset, ReadOnlyLedger ledger, InFlightRuns inFlight, Workspace workspace, IOptions<PathsOptions> paths, CancellationToken cancellationToken)
    {
        if (!long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
        {
            return ApiProblems.BadParameter("offset", $"offset must be a whole number of bytes into the log (the X-Log-Offset of the last answer); got '{offset}'.");
        }

        var (run, running) = await FindAsync(runId, ledger, inFlight, cancellationToken);
        if (run is null)
        {
            return ApiProblems.NotFound($"no run '{runId}' in the ledger, and none in flight.");
        }

        var (path, problem) = ServedLog.Resolve(workspace, paths.Value, run.RunId, run.LogPath);
        if (path is null)
        {
            return ApiProblems.NotFound(problem!);
        }

        var (text, next) = await LogText.AfterAsync(path, from, TailBytes, cancellationToken);
        context.Response.Headers["X-Log-Offset"] = next.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Run-Running"] = running ? "true" : "false";
        context.Response.Headers.CacheControl = "no-store";
        return Results.Text(text, "text/plain; charset=utf-8");
    }

    private static async Task<IResult> ScheduleAsync(
        string name, HttpContext context, Pages pages, ISchedulerFactory schedulers, ScheduleStatusReader reader, ReadOnlyLedger ledger, TimeProvider time, CancellationToken cancellationToken)
    {
        var page = pages.Context(context);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var statuses = await reader.ReadAsync(scheduler, cancellationToken);
        if (statuses.FirstOrDefault(s => s.Name == name) is not { } status || await scheduler.GetJobDetail(ScheduleKeys.Job(name), cancellationToken) is not { } job)
        {
            var known = string.Join(", ", statuses.Select(s => s.Name));
            return Pages.Html(context, page, "No such schedule", ConfirmPage.Refused($"There is no schedule named '{name}' in the store; known: {(known.Length == 0 ? "none" : known)}.", "/"), StatusCodes.Status404NotFound);
        }

        var schedule = CycleJobData.ReadSchedule(job.JobDataMap);
        var fires = schedule.Kind == ScheduleKind.Cron ? FireTimes.Next(schedule, time.GetUtcNow(), 10) : [];
        await using var connection = await ledger.OpenAsync(cancellationToken);
        var stats = await LedgerStats.ComputeAsync(connection, null, name, cancellationToken) is [var only, ..] ? only : null;
        var runs = await RecentRuns.OfAsync(connection, name, RecentRuns.Chart, cancellationToken);
        return Pages.Html(context, page, name, SchedulePage.Render(page, schedule, status, fires, stats, runs));
    }

    /// <summary>The run from the ledger, or while it runs from its in-flight marker (then <c>Running</c>).</summary>
    private static async Task<(RunView? Run, bool Running)> FindAsync(string runId, ReadOnlyLedger ledger, InFlightRuns inFlight, CancellationToken cancellationToken)
    {
        await using (var connection = await ledger.OpenAsync(cancellationToken))
        {
            if (await RunQuery.FindAsync(connection, runId, cancellationToken) is { } recorded)
            {
                return (recorded, false);
            }
        }

        return inFlight.All().FirstOrDefault(m => m.RunId == runId) is { } marker
            ? (new RunView
            {
                RunId = marker.RunId,
                Schedule = marker.Schedule,
                Trigger = marker.Trigger,
                Mode = marker.Mode,
                Goal = marker.Goal,
                StartedAt = UtcInstantConverter.ToText(marker.StartedAt),
                LogPath = marker.LogPath,
                Host = marker.Host,
            }, true)
            : (null, false);
    }
}
