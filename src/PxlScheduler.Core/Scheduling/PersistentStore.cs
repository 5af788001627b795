using Microsoft.Data.Sqlite;
using Npgsql;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Storage;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Quartz's ADO.NET job store in the ledger's database (SPEC 10): SQLite for one node, or PostgreSQL
/// clustered for many. The schema is created by Quartz on first start (<c>ProvisionSchema</c>); job data
/// goes through its built-in System.Text.Json serializer. `serve` and the CLI commands share the instance
/// name, so they see the same rows; only `serve` ever starts a scheduler on them.
/// </summary>
internal static class PersistentStore
{
    /// <summary>The scheduler name (<c>SCHED_NAME</c>) every process on the store uses.</summary>
    public const string InstanceName = "pxl";

    /// <summary>
    /// Fire times missed by more than this are misfires, handled by the schedule's policy (skip or fire once)
    /// instead of being fired in a burst; 2 s keeps a resume from another process burst-free.
    /// </summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The store of <paramref name="storage"/>. On PostgreSQL the node takes part in Quartz's cluster: each
    /// fire runs on one node, a schedule never runs on two at once, and a node that stops checking in is
    /// declared dead and its schedules taken over. Its instance id is the node name, so a restarted node
    /// takes back its own rows and the other nodes' view of it stays readable.
    /// </summary>
    public static void Use(IQuartzBuilder quartz, StorageOptions storage, Workspace workspace)
    {
        if (StorageTopology.Of(storage, null, workspace).Clustered)
        {
            quartz.ConfigureScheduler(o => o.InstanceId = storage.NodeName);
        }

        quartz.UsePersistentStore(store =>
        {
            switch (storage.Provider)
            {
                case StorageProvider.Postgres:
                    store.UsePostgres(NpgsqlFactory.Instance, storage.ConnectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(storage.CheckinIntervalSeconds);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(storage.CheckinMisfireThresholdSeconds);
                    });
                    break;
                default:
                    store.UseSqlite(SqliteFactory.Instance, LedgerDatabase.Resolve(storage.ConnectionString, workspace));
                    break;
            }

            store.ProvisionSchema();
            store.ConfigureStore(options => options.MisfireThreshold = MisfireThreshold);
        });
    }
}
