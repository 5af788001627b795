namespace PxlScheduler.Core.Configuration;

/// <summary>The one database that holds the Quartz job store and the ledger's SQL mirror (SPEC 10).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public string ConnectionString { get; set; } = "Data Source=state/pxl.db";

    /// <summary>
    /// This node's name: the <c>host</c> of its ledger rows and, on a cluster, its Quartz instance id, so it
    /// must be unique among the nodes sharing one database. Defaults to the machine name.
    /// </summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>Cluster only: how often a node records in the store that it is alive.</summary>
    public double CheckinIntervalSeconds { get; set; } = 7.5;

    /// <summary>
    /// Cluster only: how long past a missed check-in the other nodes wait before they declare a node dead and
    /// take its schedules over; keep it above the worst pause a node can have (GC, VM migration).
    /// </summary>
    public double CheckinMisfireThresholdSeconds { get; set; } = 15;
}
