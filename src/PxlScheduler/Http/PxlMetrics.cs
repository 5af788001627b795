using System.Globalization;
using Microsoft.Extensions.Logging;
using PxlScheduler.Core.Ledger.Queries;
using PxlScheduler.Core.Scheduling;
using PxlScheduler.Core.Storage;
using Prometheus;
using Quartz;

namespace PxlScheduler.Http;

/// <summary>
/// The <c>pxl_*</c> series of <c>/metrics</c> (SPEC 12), on prometheus-net's default registry (which also carries
/// the process's series and, through its meter adapter, Quartz's meter and the runtime's).
/// </summary>
/// <remarks>
/// Run counters and last-run instants start from the ledger's SQL mirror (<see cref="RunQuery.CountAsync"/>, one
/// GROUP BY at start), so a restart does not reset them. On one node the counters then follow the runs this serve
/// records (<see cref="IScheduleEventSink"/>). On a clustered store they are the shared ledger's counts and nothing
/// else, brought up to them every <see cref="ClusterRefresh"/>, so every node reports the same cluster-wide figures:
/// counting this node's runs as well would count a run twice whenever a refresh read it before its event arrived
/// (a counter never goes back down). A scrape reads the schedules' states from the store (never the ledger). The
/// duration histogram covers the runs this serve ran since it started (on a cluster: this node's).
/// </remarks>
internal sealed class PxlMetrics : IScheduleEventSink
{
    public static readonly TimeSpan ClusterRefresh = TimeSpan.FromSeconds(15);

    private static readonly Lock Configured = new();
    private static bool _configured;

    private readonly Counter _runs;
    private readonly Histogram _duration;
    private readonly Gauge _lastRun;
    private readonly Gauge _lastSuccess;
    private readonly Gauge _nextFire;
    private readonly Gauge _failures;
    private readonly Gauge _state;
    private readonly Gauge _running;
    private readonly LedgerDatabase _database;
    private readonly ILogger<PxlMetrics> _logger;

    public PxlMetrics(LedgerDatabase database, ILogger<PxlMetrics> logger)
    {
        _database = database;
        _logger = logger;
        ConfigureDefaults();
        var factory = Metrics.WithCustomRegistry(Metrics.DefaultRegistry);
        _runs = factory.CreateCounter("pxl_runs_total", "Runs recorded in the ledger, by schedule and status (from the ledger at start).", "schedule", "status");
        _duration = factory.CreateHistogram("pxl_run_duration_seconds", "How long runs took, by schedule (runs since this serve started).", new HistogramConfiguration
        {
            LabelNames = ["schedule"],
            Buckets = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
        });
        _lastRun = factory.CreateGauge("pxl_last_run_timestamp_seconds", "When the latest run of the schedule started (Unix seconds).", "schedule");
        _lastSuccess = factory.CreateGauge("pxl_last_success_timestamp_seconds", "When the latest successful run of the schedule started (Unix seconds).", "schedule");
        _nextFire = factory.CreateGauge("pxl_next_fire_timestamp_seconds", "When the schedule fires next (Unix seconds); absent while it is held.", "schedule");
        _failures = factory.CreateGauge("pxl_consecutive_failures", "The schedule's consecutive failures (reset by a success or a resume).", "schedule");
        _state = factory.CreateGauge("pxl_schedule_state", "1 for the state the schedule is in, 0 for the others.", "schedule", "state");
        _running = factory.CreateGauge("pxl_running", "1 while a cycle of the schedule runs (on any node of a cluster).", "schedule");
        factory.CreateGauge("pxl_serve_info", "This serve: the node it runs as (a cluster's nodes each serve the same store).", "node").WithLabels(database.NodeName).Set(1);
    }

    /// <summary>
    /// prometheus-net's defaults, before anything touches its default registry: the meter adapter for Quartz's meter
    /// and the runtime's (<c>System.Runtime</c>); no EventCounter adapter, whose runtime counters repeat the meter's.
    /// </summary>
    private static void ConfigureDefaults()
    {
        lock (Configured)
        {
            if (_configured)
            {
                return;
            }

            // The runtime's gauges named *.count (dotnet.thread_pool.thread.count, …) would come out as *_count, which
            // Prometheus reserves for histograms and summaries (promtool refuses them): those few are left out.
            Metrics.ConfigureMeterAdapter(o => o.InstrumentFilterPredicate = instrument =>
                instrument.Meter.Name == Quartz.Diagnostics.QuartzInstrumentation.MeterName
                || instrument.Meter.Name == "System.Runtime" && !instrument.Name.EndsWith(".count", StringComparison.Ordinal));
            Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressDebugMetrics = true });
            _configured = true;
        }
    }

    /// <summary>At start: the run counters and last-run instants from the ledger.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var counts = await RefreshCountsAsync(cancellationToken);
        HttpLog.MetricsSeeded(_logger, counts.Sum(c => c.Runs), counts.Select(c => c.Schedule).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Brings the run counters and last-run instants up to the ledger's (counters only ever rise).</summary>
    public async Task<IReadOnlyList<RunCount>> RefreshCountsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<RunCount> counts;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            counts = await RunQuery.CountAsync(connection, cancellationToken);
        }

        foreach (var count in counts)
        {
            _runs.WithLabels(count.Schedule, count.Status).IncTo(count.Runs);
            if (Seconds(count.LastStartedAt) is { } started)
            {
                _lastRun.WithLabels(count.Schedule).IncTo(started);
                if (count.Status == "success")
                {
                    _lastSuccess.WithLabels(count.Schedule).IncTo(started);
                }
            }
        }

        return counts;
    }

    /// <summary>Refreshes the states from the store: what each scrape calls, before it writes the series.</summary>
    public async Task RefreshStatesAsync(IScheduler scheduler, ScheduleStatusReader reader, CancellationToken cancellationToken)
    {
        var statuses = await reader.ReadAsync(scheduler, lastRuns: false, cancellationToken);
        foreach (var status in statuses)
        {
            var phase = status.BackoffUntil is null ? status.State : ScheduleCondition.BackingOff;
            foreach (var state in ScheduleCondition.States)
            {
                _state.WithLabels(status.Name, state).Set(state == phase ? 1 : 0);
            }

            _running.WithLabels(status.Name).Set(status.State == ScheduleCondition.Running ? 1 : 0);
            _failures.WithLabels(status.Name).Set(status.ConsecutiveFailures);
            if (status.NextFireAt is { } next)
            {
                _nextFire.WithLabels(status.Name).Set(next.ToUnixTimeMilliseconds() / 1000.0);
            }
            else
            {
                _nextFire.RemoveLabelled(status.Name);
            }
        }
    }

    public void Accept(ScheduleEvent scheduleEvent)
    {
        if (scheduleEvent is not { Type: ScheduleEvent.RunFinished, Status: { } status })
        {
            return;
        }

        var schedule = scheduleEvent.Schedule;
        if (!_database.Topology.Clustered)
        {
            _runs.WithLabels(schedule, status).Inc();
        }

        if (scheduleEvent.DurationMs is { } ms)
        {
            _duration.WithLabels(schedule).Observe(ms / 1000.0);
        }

        if (scheduleEvent.StartedAt is { } started)
        {
            var seconds = started.ToUnixTimeMilliseconds() / 1000.0;
            _lastRun.WithLabels(schedule).IncTo(seconds);
            if (status == "success")
            {
                _lastSuccess.WithLabels(schedule).IncTo(seconds);
            }
        }

        if (scheduleEvent.ConsecutiveFailures is { } failures)
        {
            _failures.WithLabels(schedule).Set(failures);
        }
    }

    private static double? Seconds(string? instant) =>
        instant is not null && DateTimeOffset.TryParse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUnixTimeMilliseconds() / 1000.0
            : null;
}
