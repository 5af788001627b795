namespace PxlScheduler.Core.Files;

/// <summary>Permissions of the files PxlScheduler creates: readable by all, writable by the owner only (never world-writable).</summary>
public static class FileModes
{
    public const UnixFileMode Shared =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
}
