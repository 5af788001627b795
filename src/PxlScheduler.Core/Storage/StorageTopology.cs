using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Storage;

/// <summary>
/// What the storage provider implies for the rest of pxl (SPEC 8, 10), said once. SQLite is one machine: Quartz's
/// in-process lock, and every row of the <c>runs</c> table is this node's. PostgreSQL is a cluster: Quartz's clustered
/// store, the <c>runs</c> table shared by the nodes (each minds only its own rows, <see cref="OwnRowsHost"/>), runs in
/// flight kept in <c>pxl_runs_in_flight</c> so that a live node accounts for a dead one's, and which node runs a
/// schedule known. Either way one `serve` owns a state folder, held by the lock file at <see cref="ServeLockPath"/>.
/// </summary>
/// <param name="Clustered">Several `serve` nodes share the store.</param>
/// <param name="OwnRowsHost">The <c>host</c> whose rows are this node's on a shared database; null when every row is.</param>
/// <param name="ServeLockPath">The lock of the `serve` that owns this state folder: beside a SQLite file, else under state/.</param>
internal sealed record StorageTopology(bool Clustered, string? OwnRowsHost, string ServeLockPath)
{
    public static StorageTopology Of(StorageOptions storage, string? databaseFile, Workspace workspace)
    {
        var clustered = storage.Provider == StorageProvider.Postgres;
        return new(
            clustered,
            clustered ? storage.NodeName : null,
            databaseFile is { } file ? file + ".serve.lock" : workspace.Resolve("state/serve.lock"));
    }

    /// <summary>
    /// Whether this machine alone can tell that no `serve` runs on the store (its lock is free): never on a cluster,
    /// where another node may be running it.
    /// </summary>
    public bool ServeSeenLocally => !Clustered;
}
