using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Notifications;
using PxlScheduler.Core.Runs;
using PxlScheduler.Core.Storage;
using PxlScheduler.Tests.Ledger;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Notifications;

/// <summary>
/// The outbox on real databases: a run's events written with its SQL row and only with it; on PostgreSQL two nodes
/// claiming at once never take the same row (FOR UPDATE SKIP LOCKED and the lease).
/// </summary>
[Collection("postgres")]
public sealed class OutboxTests(PostgresServer server) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Mirror_RunRowAndItsEventsTogether_ASecondInsertOfTheRunWritesNone()
    {
        await using var database = Database(new StorageOptions());
        await database.EnsureSchemaAsync(CancellationToken.None);
        var outbox = Outbox(database, "node-a");
        var mirror = new SqlLedgerMirror(database, outbox);
        var ok = LedgerWorkspace.Run("r1", schedule: "s");
        var failed = LedgerWorkspace.Run("r2", schedule: "s", status: "failure", minute: 1);
        var recovered = LedgerWorkspace.Run("r3", schedule: "s", minute: 2);

        await mirror.InsertAsync(ok, LedgerWorkspace.Line(ok), Notice(ok, CycleStatus.Success, 0), CancellationToken.None);
        await mirror.InsertAsync(failed, LedgerWorkspace.Line(failed), Notice(failed, CycleStatus.Failure, 1), CancellationToken.None);
        Assert.False(await mirror.InsertAsync(failed, LedgerWorkspace.Line(failed), Notice(failed, CycleStatus.Failure, 1), CancellationToken.None));
        await mirror.InsertAsync(recovered, LedgerWorkspace.Line(recovered), Notice(recovered, CycleStatus.Success, 0), CancellationToken.None);

        var rows = (await outbox.ListAsync(false, 100, CancellationToken.None)).OrderBy(r => r.Id).ToList();
        Assert.Equal(["run.failed r2", "run.recovered r3"], rows.Select(r => $"{r.Event} {r.RunId}"));
        Assert.All(rows, r => Assert.Equal(OutboxStates.Pending, r.State));
    }

    [Fact]
    public async Task Postgres_TwoNodesClaimingAtOnce_EachRowClaimedByOneOfThem()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var storage = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString, NodeName = "node-a" };
        await using var a = Database(storage);
        await using var b = Database(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString, NodeName = "node-b" });
        await a.EnsureSchemaAsync(CancellationToken.None);
        var outboxA = Outbox(a, "node-a");
        var outboxB = Outbox(b, "node-b");
        var events = new NotificationEvents(TimeProvider.System, Options.Create(new PublicLinkOptions()), Options.Create(storage));
        for (var i = 0; i < 60; i++)
        {
            await outboxA.RecordAsync(events.Resumed($"s{i}", null, 0), null, CancellationToken.None);
        }

        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        async Task<List<long>> DrainAsync(Outbox outbox)
        {
            var claimed = new List<long>();
            while (await outbox.ClaimDueAsync(now, now.AddMinutes(5), 3, CancellationToken.None) is { Count: > 0 } batch)
            {
                claimed.AddRange(batch.Select(e => e.Id));
            }

            return claimed;
        }

        var both = await Task.WhenAll(Task.Run(() => DrainAsync(outboxA)), Task.Run(() => DrainAsync(outboxB)));

        Assert.Empty(both[0].Intersect(both[1]));
        Assert.Equal(60, both[0].Count + both[1].Count);
        // Claimed rows stay claimed for the lease; after a restart a node frees only its own.
        Assert.Empty(await outboxB.ClaimDueAsync(now, now.AddMinutes(5), 100, CancellationToken.None));
        Assert.Equal(both[0].Count, await outboxA.ReleaseClaimsAsync(CancellationToken.None));
    }

    private LedgerDatabase Database(StorageOptions storage) => new(Options.Create(storage), new Workspace(_ws.Root));

    private static Outbox Outbox(LedgerDatabase database, string node)
    {
        var notifications = Options.Create(new NotificationsOptions
        {
            Channels = [new NotificationChannelOptions { Name = "ops", Type = "command", Command = "true", Events = ["failed", "recovered", "resumed", "halted"] }],
        });
        var storage = Options.Create(new StorageOptions { NodeName = node });
        return new Outbox(database, new ChannelRouting(notifications), new NotificationEvents(TimeProvider.System, Options.Create(new PublicLinkOptions()), storage));
    }

    private static RunNotice Notice(RunRecord run, CycleStatus status, int failures) =>
        new(run.Schedule, null, run.RunId, status, null, new CycleVerdict(failures, T0, null), T0);
}
