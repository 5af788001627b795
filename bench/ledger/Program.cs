using System.Diagnostics;
using Microsoft.Extensions.Options;
using PxlScheduler.Bench;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Ledger;
using PxlScheduler.Core.Ledger.Mirror;

var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var root = Path.Combine(Path.GetTempPath(), "pxl-bench-" + Guid.NewGuid().ToString("N")[..8]);
var workspace = new Workspace(root);
var paths = new PathsOptions();
var ledgerPath = workspace.Resolve(paths.Ledger);
try
{
    var clock = Stopwatch.StartNew();
    LedgerGenerator.Write(ledgerPath, count);
    Console.WriteLine($"generated {count:N0} lines ({new FileInfo(ledgerPath).Length / 1e6:0.0} MB) in {clock.Elapsed.TotalSeconds:0.00} s");

    if (args.Contains("--parse-only"))
    {
        clock.Restart();
        long rows = 0;
        using var parser = new PxlScheduler.Core.Ledger.Reading.LedgerLineParser();
        PxlScheduler.Core.Ledger.Reading.LedgerLineReader.Read(ledgerPath, PxlScheduler.Core.Ledger.Reading.ScanPosition.Start, (n, line, t, o) => { if (parser.Parse(line).Row is not null) { rows++; } }, CancellationToken.None);
        Console.WriteLine($"parse only: {rows:N0} in {clock.Elapsed.TotalSeconds:0.00} s = {count / clock.Elapsed.TotalSeconds:N0} lines/s");
        clock.Restart();
        long lines = 0;
        PxlScheduler.Core.Ledger.Reading.LedgerLineReader.Read(ledgerPath, PxlScheduler.Core.Ledger.Reading.ScanPosition.Start, (n, line, t, o) => lines++, CancellationToken.None);
        Console.WriteLine($"read only: {lines:N0} in {clock.Elapsed.TotalSeconds:0.00} s");
        clock.Restart();
        long canon = 0;
        var f = new PxlScheduler.Core.Ledger.Reading.CanonicalFields();
        PxlScheduler.Core.Ledger.Reading.LedgerLineReader.Read(ledgerPath, PxlScheduler.Core.Ledger.Reading.ScanPosition.Start, (n, line, t, o) => { if (PxlScheduler.Core.Ledger.Reading.CanonicalLineParser.TryParse(line, f)) { canon++; } }, CancellationToken.None);
        Console.WriteLine($"canonical: {canon:N0} in {clock.Elapsed.TotalSeconds:0.00} s");
    }

    if (args.Contains("--insert-only"))
    {
        var db0 = new LedgerDatabase(Options.Create(new StorageOptions { ConnectionString = "Data Source=state/exp.db" }), workspace);
        await db0.EnsureSchemaAsync(CancellationToken.None);
        var rowsList = new List<RunRow>();
        using (var parser = new PxlScheduler.Core.Ledger.Reading.LedgerLineParser())
        {
            PxlScheduler.Core.Ledger.Reading.LedgerLineReader.Read(ledgerPath, PxlScheduler.Core.Ledger.Reading.ScanPosition.Start, (n, line, t, o) => rowsList.Add(parser.Parse(line).Row!), CancellationToken.None);
        }

        await using var c = await db0.OpenAsync(CancellationToken.None);
        foreach (var ix in new[] { "ix_runs_schedule_started", "ix_runs_started", "ix_runs_schedule_status", "ix_runs_schedule_duration" })
        {
            using var drop = c.CreateCommand();
            drop.CommandText = "DROP INDEX " + ix;
            drop.ExecuteNonQuery();
        }

        clock.Restart();
        using (var tx = c.BeginTransaction())
        {
            using var ins = new MirrorInserter(c, "runs");
            foreach (var r in rowsList)
            {
                ins.Insert(r);
            }

            Console.WriteLine($"insert loop: {clock.Elapsed.TotalSeconds:0.00} s");
            tx.Commit();
        }

        Console.WriteLine($"insert + commit: {clock.Elapsed.TotalSeconds:0.00} s");
    }

    var database = new LedgerDatabase(Options.Create(new StorageOptions()), workspace);
    var rebuilder = new LedgerRebuilder(database, workspace, Options.Create(paths));
    clock.Restart();
    var result = await rebuilder.RebuildAsync(_ => { }, null, CancellationToken.None);
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"rebuild: {result.Inserted:N0} rows in {seconds:0.00} s = {count / seconds:N0} lines/s");
    var dbSize = new FileInfo(database.FilePath!).Length;
    Console.WriteLine($"db size {dbSize / 1e6:0.0} MB / JSONL {new FileInfo(ledgerPath).Length / 1e6:0.0} MB = {(double)dbSize / new FileInfo(ledgerPath).Length:0.00}x");
}
finally
{
    Directory.Delete(root, recursive: true);
}
