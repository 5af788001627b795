using System.Data.Common;
using System.Globalization;
using Dapper;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Storage;

namespace PxlScheduler.Core.Notifications;

/// <summary>
/// The table <c>pxl_notification_outbox</c> (SPEC 14): an event is written here, one row per channel, in the step
/// that records its cause, and leaves only once a channel took it or its retries ran out. On PostgreSQL the nodes
/// claim due rows with <c>FOR UPDATE SKIP LOCKED</c> and a lease, so each row is delivered by one node; on SQLite one
/// serve owns the store.
/// </summary>
internal sealed class Outbox(LedgerDatabase database, ChannelRouting routing, NotificationEvents events) : IDisposable
{
    private const string Columns =
        "id AS Id, event_id AS EventId, event AS Event, channel AS Channel, schedule AS Schedule, run_id AS RunId, payload AS Payload, " +
        "created_at AS CreatedAt, state AS State, attempts AS Attempts, next_attempt_at AS NextAttemptAt, last_error AS LastError, delivered_at AS DeliveredAt";

    private readonly SemaphoreSlim _written = new(0, 1);

    /// <summary>
    /// The events of a finished run, written in the transaction that stores its row (<paramref name="transaction"/>):
    /// the run before it decides whether a streak opens or closes, the streak's runs go into a halt.
    /// </summary>
    public async Task<IReadOnlyList<NotificationEvent>> AppendRunAsync(DbConnection connection, DbTransaction transaction, RunNotice notice, CancellationToken cancellationToken)
    {
        if (notice.Channels is [] || routing.Names.Count == 0)
        {
            return [];
        }

        var previous = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT status FROM runs WHERE schedule = @schedule AND run_id <> @runId AND status <> @cancelled ORDER BY started_at DESC LIMIT 1",
            new { schedule = notice.Schedule, runId = notice.RunId, cancelled = CycleStatus.Cancelled.ToWire() },
            transaction,
            cancellationToken: cancellationToken));
        var previousFailed = previous is not null && CycleStatusExtensions.FromWire(previous) is { } status && status.IsFailure();
        IReadOnlyList<string> streak = [];
        if (notice.Verdict.Halted)
        {
            streak = [.. await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT run_id FROM runs WHERE schedule = @schedule AND status <> @cancelled ORDER BY started_at DESC LIMIT @count",
                new { schedule = notice.Schedule, cancelled = CycleStatus.Cancelled.ToWire(), count = Math.Max(1, notice.Verdict.ConsecutiveFailures) },
                transaction,
                cancellationToken: cancellationToken))];
        }

        var raised = events.ForRun(notice, previousFailed, streak);
        await InsertAsync(connection, transaction, raised, notice.Channels, cancellationToken);
        return raised;
    }

    /// <summary>An event whose cause is stored elsewhere (a halt or a resume in the Quartz store), in a transaction of its own.</summary>
    public async Task RecordAsync(NotificationEvent notification, IReadOnlyList<string>? scheduleChannels, CancellationToken cancellationToken)
    {
        if (routing.For(notification.Event, scheduleChannels).Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertAsync(connection, transaction, [notification], scheduleChannels, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Written();
    }

    /// <summary>Wakes the delivery loop of this process: rows were just committed.</summary>
    public void Written()
    {
        if (_written.CurrentCount == 0)
        {
            try
            {
                _written.Release();
            }
            catch (SemaphoreFullException)
            {
                // Released by another writer in between: the loop is woken either way.
            }
        }
    }

    /// <summary>Waits until rows are written in this process, or <paramref name="timeout"/> passes.</summary>
    public Task WaitForWritesAsync(TimeSpan timeout, CancellationToken cancellationToken) => _written.WaitAsync(timeout, cancellationToken);

    /// <summary>Up to <paramref name="limit"/> rows due at <paramref name="now"/>, claimed for this node until <paramref name="leaseUntil"/>.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken)
    {
        // PostgreSQL: rows another node is claiming at this moment are skipped, not waited for; the lease keeps them
        // that node's while it delivers, and frees them if it dies.
        var skipLocked = database.Topology.Clustered ? " FOR UPDATE SKIP LOCKED" : "";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            UPDATE pxl_notification_outbox SET claimed_by = @node, claimed_until = @leaseUntil
            WHERE id IN (
                SELECT id FROM pxl_notification_outbox
                WHERE state = @pending AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                ORDER BY id LIMIT @limit{skipLocked})
            RETURNING {Columns}
            """,
            new { node = database.NodeName, leaseUntil = Text(leaseUntil), pending = OutboxStates.Pending, now = Text(now), limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry()).OrderBy(e => e.Id)];
    }

    /// <summary>At start: the claims this node held when it stopped (or was killed) are given up, so its rows are due again now.</summary>
    public async Task<int> ReleaseClaimsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pxl_notification_outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = @node AND state = @pending",
            new { node = database.NodeName, pending = OutboxStates.Pending },
            cancellationToken: cancellationToken));
    }

    public Task DeliveredAsync(long id, int attempts, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(
            "state = @state, attempts = @attempts, delivered_at = @at, claimed_by = NULL, claimed_until = NULL",
            new { id, state = OutboxStates.Delivered, attempts, at = Text(at) },
            cancellationToken);

    public Task RetryLaterAsync(long id, int attempts, DateTimeOffset next, string error, CancellationToken cancellationToken) =>
        UpdateAsync(
            "attempts = @attempts, next_attempt_at = @next, last_error = @error, claimed_by = NULL, claimed_until = NULL",
            new { id, attempts, next = Text(next), error },
            cancellationToken);

    public Task FailedAsync(long id, int attempts, string error, CancellationToken cancellationToken) =>
        UpdateAsync(
            "state = @state, attempts = @attempts, last_error = @error, claimed_by = NULL, claimed_until = NULL",
            new { id, state = OutboxStates.Failed, attempts, error },
            cancellationToken);

    /// <summary>The newest rows first, at most <paramref name="limit"/>; only the failed ones when <paramref name="failedOnly"/>.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(bool failedOnly, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM pxl_notification_outbox {(failedOnly ? "WHERE state = @failed " : "")}ORDER BY id DESC LIMIT @limit",
            new { failed = OutboxStates.Failed, limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    /// <summary>
    /// Removes the delivered and failed rows of events older than <paramref name="before"/>; pending rows are kept
    /// however old. Returns how many were removed.
    /// </summary>
    public async Task<int> PruneSettledAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM pxl_notification_outbox WHERE state <> @pending AND created_at < @before",
            new { pending = OutboxStates.Pending, before = Text(before) },
            cancellationToken: cancellationToken));
    }

    private async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NotificationEvent> raised, IReadOnlyList<string>? scheduleChannels, CancellationToken cancellationToken)
    {
        foreach (var notification in raised)
        {
            var payload = NotificationJson.Serialize(notification);
            foreach (var channel in routing.For(notification.Event, scheduleChannels))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO pxl_notification_outbox (event_id, event, channel, schedule, run_id, payload, created_at, state, attempts, next_attempt_at)
                    VALUES (@eventId, @event, @channel, @schedule, @runId, @payload, @createdAt, @pending, 0, @createdAt)
                    ON CONFLICT (event_id, channel) DO NOTHING
                    """,
                    new
                    {
                        eventId = notification.Id,
                        @event = notification.Event,
                        channel,
                        schedule = notification.Schedule,
                        runId = notification.RunId,
                        payload,
                        createdAt = Text(notification.OccurredAt),
                        pending = OutboxStates.Pending,
                    },
                    transaction,
                    cancellationToken: cancellationToken));
            }
        }
    }

    private async Task UpdateAsync(string set, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition($"UPDATE pxl_notification_outbox SET {set} WHERE id = @id", parameters, cancellationToken: cancellationToken));
    }

    public void Dispose() => _written.Dispose();

    private static string Text(DateTimeOffset instant) => UtcInstantConverter.ToText(instant);

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    /// <summary>A row as Dapper maps it: instants as their text.</summary>
    private sealed record Row
    {
        public long Id { get; init; }
        public required string EventId { get; init; }
        public required string Event { get; init; }
        public required string Channel { get; init; }
        public required string Schedule { get; init; }
        public string? RunId { get; init; }
        public required string Payload { get; init; }
        public required string CreatedAt { get; init; }
        public required string State { get; init; }
        public long Attempts { get; init; }
        public required string NextAttemptAt { get; init; }
        public string? LastError { get; init; }
        public string? DeliveredAt { get; init; }

        public OutboxEntry ToEntry() => new()
        {
            Id = Id,
            EventId = EventId,
            Event = Event,
            Channel = Channel,
            Schedule = Schedule,
            RunId = RunId,
            Payload = Payload,
            CreatedAt = Instant(CreatedAt),
            State = State,
            Attempts = (int)Attempts,
            NextAttemptAt = Instant(NextAttemptAt),
            LastError = LastError,
            DeliveredAt = DeliveredAt is null ? null : Instant(DeliveredAt),
        };
    }
}
