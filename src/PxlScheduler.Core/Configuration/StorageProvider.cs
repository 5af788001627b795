namespace PxlScheduler.Core.Configuration;

/// <summary>The database engines PxlScheduler can keep its state in.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}
