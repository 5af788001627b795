namespace PxlScheduler.Core.Files;

/// <summary>Permissions of the files PxlScheduler creates: readable by all, writable by the owner only (never world-writable).</summary>
public static class FileModes
{
    public const UnixFileMode Shared =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>For secrets (the HTTP token): readable and writable by the owner only.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
}
