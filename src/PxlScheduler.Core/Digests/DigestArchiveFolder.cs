using System.Text.Json;
using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;
using PxlScheduler.Core.Files;

namespace PxlScheduler.Core.Digests;

/// <summary>
/// The digest file and its archive folder: where they are, the state file (replaced atomically), and
/// the folder's lock, so a cycle and a hand-run <c>pxl digests</c> never archive at once.
/// </summary>
internal sealed class DigestArchiveFolder(Workspace workspace, IOptions<PathsOptions> paths, TimeProvider time)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(50);

    public string Source => workspace.Resolve(paths.Value.Digests);

    public string Directory => workspace.Resolve(paths.Value.DigestArchives);

    public string StateFile => Path.Combine(Directory, "state.json");

    public Workspace Workspace => workspace;

    public async Task<DigestArchiveState?> LoadStateAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(StateFile))
        {
            return null;
        }

        await using var stream = File.OpenRead(StateFile);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, DigestsJson.Default.DigestArchiveState, cancellationToken)
                ?? throw new InvalidDataException($"{workspace.Display(StateFile)} is empty");
        }
        catch (JsonException e)
        {
            // Named, so that the operator knows which file to mend (restore it, or remove it and let `digests verify` say what follows).
            throw new InvalidDataException($"{workspace.Display(StateFile)} is not valid: {e.Message}", e);
        }
    }

    public Task SaveStateAsync(DigestArchiveState state, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllBytesAsync(StateFile, JsonSerializer.SerializeToUtf8Bytes(state, DigestsJson.Default.DigestArchiveState), cancellationToken);

    /// <summary>Takes the folder's lock (an exclusive <c>flock</c> on <c>.lock</c>), waiting while another process holds it.</summary>
    public async Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(Directory, ".lock"), new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = FileModes.Shared,
                });
            }
            catch (IOException) when (time.GetElapsedTime(started) < LockWait)
            {
                await Task.Delay(LockPoll, time, cancellationToken);
            }
        }
    }
}
