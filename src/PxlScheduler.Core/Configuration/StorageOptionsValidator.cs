using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PxlScheduler.Core.Configuration;

/// <summary>Checks the <c>Storage</c> section.</summary>
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        var section = StorageOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{section}:ConnectionString must be set (default: Data Source=state/pxl.db).");
        }
        else if (ConnectionStringProblem(options) is { } problem)
        {
            failures.Add($"{section}:ConnectionString is not a {options.Provider} connection string ({problem}); for example: {Example(options.Provider)}.");
        }

        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"{section}:Provider '{options.Provider}' is not known; valid: Sqlite, Postgres.");
        }

        if (!NodeNamePattern().IsMatch(options.NodeName ?? ""))
        {
            failures.Add($"{section}:NodeName '{options.NodeName}' is not valid: 1 to 80 letters, digits, '.', '_' or '-' (default: the machine name).");
        }

        Positive(failures, $"{section}:CheckinIntervalSeconds", options.CheckinIntervalSeconds, 7.5);
        Positive(failures, $"{section}:CheckinMisfireThresholdSeconds", options.CheckinMisfireThresholdSeconds, 15);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>What the provider's own parser says is wrong with the connection string, or null when it parses.</summary>
    private static string? ConnectionStringProblem(StorageOptions options)
    {
        try
        {
            _ = options.Provider == StorageProvider.Postgres
                ? new NpgsqlConnectionStringBuilder(options.ConnectionString).ConnectionString
                : new SqliteConnectionStringBuilder(options.ConnectionString).ConnectionString;
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.ReplaceLineEndings(" ");
        }
    }

    private static string Example(StorageProvider provider) => provider == StorageProvider.Postgres
        ? "Host=db.internal;Database=pxl;Username=pxl;Password=…"
        : "Data Source=state/pxl.db";

    private static void Positive(List<string> failures, string key, double value, double fallback)
    {
        if (!(value is > 0 and <= 3600))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be more than 0 and at most 3600 seconds (default: {fallback})."));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,80}$")]
    private static partial Regex NodeNamePattern();
}
