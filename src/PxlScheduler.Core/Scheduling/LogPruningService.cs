using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Retention;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// `serve`'s retention (SPEC 15): prunes the run logs when the host starts and then once a day, on a timer
/// from the <see cref="TimeProvider"/> (as aspnetcore's HealthCheckPublisherHostedService publishes), keeping the
/// logs <see cref="ProtectedRunLogs"/> names; the same pass removes the notification outbox's settled rows past
/// <c>Notifications:KeepDays</c>. A pass that fails is logged and the next one comes a day later.
/// </summary>
internal sealed class LogPruningService(
    RunLogPruner pruner,
    ProtectedRunLogs protectedLogs,
    Outbox outbox,
    IOptions<NotificationsOptions> notifications,
    ISchedulerFactory schedulers,
    TimeProvider time,
    ILogger<LogPruningService> logger)
    : IHostedService, IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private Task _pass = Task.CompletedTask;

    /// <summary>Passes begun, for tests that wait for one.</summary>
    public int Passes { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The first pass runs at once, on the timer's thread: start is not held up by a folder of 50,000 logs.
        _timer = time.CreateTimer(_ => Tick(), null, TimeSpan.Zero, Period);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        await _stopping.CancelAsync();
        Task pass;
        lock (_gate)
        {
            pass = _pass;
        }

        await pass.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
    }

    private void Tick()
    {
        lock (_gate)
        {
            // A pass still running (a slow disk) is not joined by a second.
            if (_pass.IsCompleted && !_stopping.IsCancellationRequested)
            {
                Passes++;
                _pass = PassAsync(_stopping.Token);
            }
        }
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var keep = await protectedLogs.ReadAsync(scheduler, cancellationToken);
            await Task.Run(() => pruner.Prune(keep, dryRun: false, cancellationToken), cancellationToken);
            var days = notifications.Value.KeepDays;
            if (await outbox.PruneSettledAsync(time.GetUtcNow() - TimeSpan.FromDays(days), cancellationToken) is var removed and > 0)
            {
                NotificationsLog.OutboxPruned(logger, removed, days);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbException or SchedulerException or InvalidOperationException)
        {
            RetentionLog.PassFailed(logger, Period, e);
        }
    }
}
