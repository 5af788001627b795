namespace PxlScheduler.Core.Files;

/// <summary>
/// A file's new content, already on disk in a temp file beside it (<see cref="AtomicFile.Prepare"/>): <see cref="Commit"/>
/// renames it over the file; disposing it uncommitted deletes the temp file and leaves the file as it was.
/// </summary>
public sealed class AtomicReplacement : IDisposable
{
    private readonly string _temp;
    private readonly string _path;
    private bool _committed;

    internal AtomicReplacement(string temp, string path)
    {
        _temp = temp;
        _path = path;
    }

    public void Commit()
    {
        File.Move(_temp, _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed)
        {
            File.Delete(_temp);
        }
    }
}
