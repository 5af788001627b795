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

        await using var stream = RegularFile.OpenRead(StateFile, workspace.Display(StateFile), RegularFile.SmallFileLimit * 16);
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
    /// <param name="cancellationToken">Stops the wait for another holder.</param>
    /// <param name="forReading">
    /// For <c>verify</c>, which only reads: in a folder that cannot be written (a read-only mount, a backup copy), the
    /// lock file is opened read-only when it is there (a <c>flock</c> needs no write access) and done without when it
    /// is not; no archiver can be writing where no file can be created. A folder not there yet is not created for it.
    /// </param>
    public async Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken, bool forReading = false)
    {
        var lockFile = Path.Combine(Directory, ".lock");
        var readOnly = forReading && (!System.IO.Directory.Exists(Directory) || WritableFolder.WhyNot(Directory, workspace.Display(Directory)) is not null);
        if (readOnly && !File.Exists(lockFile))
        {
            return NoLock.Instance;
        }

        if (!readOnly)
        {
            System.IO.Directory.CreateDirectory(Directory);
        }

        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(lockFile, new FileStreamOptions
                {
                    Mode = readOnly ? FileMode.Open : FileMode.OpenOrCreate,
                    Access = readOnly ? FileAccess.Read : FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = readOnly ? null : FileModes.Shared,
                });
            }
            catch (IOException) when (time.GetElapsedTime(started) < LockWait)
            {
                await Task.Delay(LockPoll, time, cancellationToken);
            }
        }
    }

    /// <summary>The lock of a folder nothing can write to: nothing to hold.</summary>
    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
