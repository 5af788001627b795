using Microsoft.Data.Sqlite;
using Quartz;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// Quartz's ADO.NET job store on SQLite, in the ledger's database (SPEC 10). The schema is created by
/// Quartz on first start (<c>ProvisionSchema</c>); job data goes through its built-in System.Text.Json
/// serializer. `serve` and the CLI commands share the instance name, so they see the same rows; only
/// `serve` ever starts a scheduler on them.
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

    public static void UseSqlite(IQuartzBuilder quartz, string connectionString) =>
        quartz.UsePersistentStore(store =>
        {
            store.UseSqlite(SqliteFactory.Instance, connectionString);
            store.ProvisionSchema();
            store.ConfigureStore(options => options.MisfireThreshold = MisfireThreshold);
        });
}
