namespace PxlScheduler.Core.Configuration;

/// <summary>The one database that holds the Quartz job store and the ledger's SQL mirror.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public string ConnectionString { get; set; } = "Data Source=state/pxl.db";
}
