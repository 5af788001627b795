using System.Globalization;
using Npgsql;
using PxlScheduler.Core.Processes;
using PxlScheduler.Tests.Support;

namespace PxlScheduler.Tests.Postgres;

[Collection("postgres")]
public sealed class PostgresServerTests(PostgresServer server)
{
    [Fact]
    public async Task CreateDatabase_Twice_GivesTwoDistinctWorkingDatabases()
    {
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();

        var firstName = new NpgsqlConnectionStringBuilder(first).Database;
        var secondName = new NpgsqlConnectionStringBuilder(second).Database;
        Assert.StartsWith("pxl_test_", firstName, StringComparison.Ordinal);
        Assert.StartsWith("pxl_test_", secondName, StringComparison.Ordinal);
        Assert.NotEqual(firstName, secondName);

        // The same table in both, different rows: each database sees only its own.
        Assert.Equal([(1, "first")], await RoundTripAsync(first, firstName!, 1, "first"));
        Assert.Equal([(2, "second")], await RoundTripAsync(second, secondName!, 2, "second"));
    }

    [Fact]
    public async Task AThrowawayServer_IsNotAChildTheTestHostAdopted()
    {
        // The test host is a child subreaper once a cycle has run in it. A server started with pg_ctl was then
        // re-parented to it, and the first cycle to end alone took the postmaster for a daemon it had escaped and
        // stopped it: every PostgreSQL test of a plain `dotnet test` failed with 57P01.
        Assert.True(ProcessTree.BecomeSubreaper());
        var own = new PostgresServer(throwaway: true);
        await own.InitializeAsync();
        try
        {
            var pidFile = Path.Combine(own.ServerDirectory!, "data", "postmaster.pid");
            var postmaster = int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture);
            Assert.True(ProcessTree.IsAlive(postmaster), $"postmaster {postmaster} is not running");
            Assert.DoesNotContain(postmaster, ChildProcesses.AdoptedAlive());

            await using var connection = new NpgsqlConnection(own.AdminConnectionString);
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand("SELECT 1", connection);
            Assert.Equal(1, await select.ExecuteScalarAsync());
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    private static async Task<List<(int Id, string Name)>> RoundTripAsync(string connectionString, string database, int id, string name)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        await using (var current = new NpgsqlCommand("SELECT current_database()", connection))
        {
            Assert.Equal(database, await current.ExecuteScalarAsync());
        }

        await using (var create = new NpgsqlCommand("CREATE TABLE smoke (id integer PRIMARY KEY, name text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO smoke (id, name) VALUES (@id, @name)", connection))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("name", name);
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        var rows = new List<(int Id, string Name)>();
        await using var select = new NpgsqlCommand("SELECT id, name FROM smoke ORDER BY id", connection);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return rows;
    }
}
