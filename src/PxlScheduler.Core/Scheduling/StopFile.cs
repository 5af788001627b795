using Microsoft.Extensions.Options;
using PxlScheduler.Core.Configuration;

namespace PxlScheduler.Core.Scheduling;

/// <summary>
/// The kill switch (SPEC 8): present when anything is at its path — a file, a directory, or a symlink
/// even if it points nowhere, because whoever made it meant "stop".
/// </summary>
internal sealed class StopFile(Workspace workspace, IOptions<PathsOptions> paths)
{
    public string FullPath { get; } = workspace.Resolve(paths.Value.StopFile);

    public string Display => workspace.Display(FullPath);

    public bool IsPresent => File.Exists(FullPath) || Directory.Exists(FullPath) || new FileInfo(FullPath).LinkTarget is not null;
}
