using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Digests;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl digests archive` archives the planner digests by hand, as a cycle does after it runs;
/// `pxl digests verify` proves the archives equal the digest file, exit 1 naming the first bad archive.
/// </summary>
internal static class DigestsCommand
{
    public static Command Create(CliContext cli)
    {
        var archive = new Command("archive", "Archive the digest lines appended since the last archive (complete lines only).");
        archive.SetAction((_, cancellationToken) => cli.WithServicesAsync((services, ct) => ArchiveAsync(cli, services, ct), cancellationToken));
        var verify = new Command("verify", "Check that the archives, decompressed and concatenated in order, equal the digest file.");
        verify.SetAction((_, cancellationToken) => cli.WithServicesAsync((services, ct) => VerifyAsync(cli, services, ct), cancellationToken));
        return new Command("digests", "The planner digest file and its archives.") { archive, verify };
    }

    private static async Task<int> ArchiveAsync(CliContext cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var result = await services.GetRequiredService<DigestArchiver>().ArchiveAsync(now, cancellationToken);
        if (result.SourceReset is { } reset)
        {
            cli.Output.WriteLine($"pxl digests archive: the digest file {reset}; archived from its start, earlier archives kept");
        }

        cli.Output.WriteLine(result.ArchivePath is null
            ? "pxl digests archive: no complete new line to archive"
            : $"pxl digests archive: {result.Lines} line(s) archived to {result.ArchivePath}");
        return ExitCodes.Success;
    }

    private static async Task<int> VerifyAsync(CliContext cli, IServiceProvider services, CancellationToken cancellationToken)
    {
        var verification = await services.GetRequiredService<DigestVerifier>().VerifyAsync(cancellationToken);
        if (verification.Ok)
        {
            cli.Output.WriteLine($"pxl digests verify: ok: {verification.Message}");
            return ExitCodes.Success;
        }

        cli.Error.WriteLine($"pxl digests verify: FAILED: {verification.Message}");
        return ExitCodes.Failure;
    }
}
