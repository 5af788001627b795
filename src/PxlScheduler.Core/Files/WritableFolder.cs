using System.Runtime.InteropServices;

namespace PxlScheduler.Core.Files;

/// <summary>Whether this process may create files in a folder (<c>access(2)</c> with <c>W_OK</c>), and if not, why: a read-only mount, or permissions.</summary>
internal static partial class WritableFolder
{
    private const int WriteOk = 2;

    /// <summary>Null when files can be created in <paramref name="folder"/>; otherwise the reason, as in "state is on a read-only file system".</summary>
    public static string? WhyNot(string folder, string display)
    {
        if (Access(folder, WriteOk) == 0)
        {
            return null;
        }

        return Marshal.GetLastPInvokeError() switch
        {
            30 => $"{display} is on a read-only file system",
            13 => $"{display} is not writable by this user (permissions)",
            2 => $"{display} does not exist",
            var errno => $"{display} cannot be written: {Marshal.GetPInvokeErrorMessage(errno)}",
        };
    }

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);
}
