using System.Text.Json;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Files;

namespace PxlScheduler.Core.Ledger;

/// <summary><c>logs/run_cycle/latest.json</c>: the last finished run, replaced atomically so a reader never sees half a file.</summary>
internal sealed class LatestPointer(Workspace workspace, IOptions<PathsOptions> paths)
{
    public string FullPath { get; } = workspace.Resolve(paths.Value.Latest);

    public Task WriteAsync(LatestState state, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllBytesAsync(FullPath, Serialize(state), cancellationToken);

    /// <summary>The new content on disk beside the file, which changes only when the replacement is committed.</summary>
    public AtomicReplacement Prepare(LatestState state) => AtomicFile.Prepare(FullPath, Serialize(state));

    public async Task<LatestState?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FullPath))
        {
            return null;
        }

        await using var stream = File.OpenRead(FullPath);
        return await JsonSerializer.DeserializeAsync(stream, LedgerJson.Indented.LatestState, cancellationToken);
    }

    private static byte[] Serialize(LatestState state) =>
        [.. JsonSerializer.SerializeToUtf8Bytes(state, LedgerJson.Indented.LatestState), (byte)'\n'];
}
