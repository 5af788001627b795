using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PxlScheduler.Core.Files;

/// <summary>
/// Opens a file pxl reads (a schedule, the digest file, an archive, a state file) only when it is a regular file, after
/// following symbolic links, and never blocks doing so: a FIFO, a device, a socket or a directory is refused with an
/// <see cref="IOException"/> that names the path and what it is, and a file past the caller's size limit is refused
/// naming the limit.
/// </summary>
/// <remarks>
/// .NET opens a FIFO with a blocking <c>open(2)</c>, which waits for a writer that may never come, and reads
/// <c>/dev/zero</c> until memory runs out. So the file is opened with <c>O_NONBLOCK</c> (which changes nothing for a
/// regular file), its type and size taken from that open descriptor with <c>statx(2)</c> (one answer for the file
/// actually read, not for a link or a name replaced in between), and only a regular file is handed on.
/// </remarks>
internal static partial class RegularFile
{
    /// <summary>Schedule files, <c>state.json</c> and other small text files pxl reads whole.</summary>
    public const long SmallFileLimit = 1024 * 1024;

    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int EmptyPath = 0x1000;
    private const uint WantTypeAndSize = 0x1 | 0x200;
    private const int TypeMask = 0xF000;

    /// <summary>Opens <paramref name="path"/> for reading; <paramref name="display"/> is how messages name it.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="FileRefusedException">It is not a regular file, or is larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="IOException">It cannot be opened.</exception>
    public static FileStream OpenRead(string path, string display, long maxBytes = long.MaxValue, int bufferSize = 4096)
    {
        var fd = Open(path, ReadOnly | NonBlocking | CloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => new FileNotFoundException($"{display}: does not exist", path),
                13 => new UnauthorizedAccessException($"{display}: cannot be read: permission denied"),
                // ENXIO: a Unix socket, which open(2) refuses.
                6 => new FileRefusedException($"{display}: is a socket, not a regular file; pxl reads only regular files"),
                _ => new IOException($"{display}: cannot be opened: {Marshal.GetPInvokeErrorMessage(errno)}"),
            };
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var (type, size) = Stat(handle, display);
            if (type != FileType.Regular)
            {
                throw new FileRefusedException($"{display}: is {Describe(type)}, not a regular file; pxl reads only regular files (a symbolic link to one is followed)");
            }

            if (size > maxBytes)
            {
                throw new FileRefusedException(string.Create(CultureInfo.InvariantCulture, $"{display}: has {size} bytes, more than the limit of {Size(maxBytes)} for this file"));
            }

            return new FileStream(handle, FileAccess.Read, bufferSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The whole of <paramref name="path"/>, at most <paramref name="maxBytes"/> bytes (a file that grows past the limit while read is refused too).</summary>
    public static byte[] ReadAllBytes(string path, string display, long maxBytes = SmallFileLimit)
    {
        using var stream = OpenRead(path, display, maxBytes);
        using var content = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            content.Write(buffer, 0, read);
            if (content.Length > maxBytes)
            {
                throw new FileRefusedException($"{display}: grew past the limit of {Size(maxBytes)} for this file while being read");
            }
        }

        return content.ToArray();
    }

    /// <summary>"1 MiB", "64 KiB", "100 bytes": a limit as people read it.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB"),
        >= 1024 when bytes % 1024 == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private static (FileType Type, long Size) Stat(SafeFileHandle handle, string display)
    {
        // struct statx has the same layout on every Linux architecture: stx_mode (u16) at byte 28, stx_size (u64) at 40.
        Span<byte> buffer = stackalloc byte[256];
        if (StatX((int)handle.DangerousGetHandle(), "", EmptyPath, WantTypeAndSize, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            throw new IOException($"{display}: cannot be examined: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        var mode = BitConverter.ToUInt16(buffer[28..30]);
        var size = BitConverter.ToInt64(buffer[40..48]);
        return ((FileType)(mode & TypeMask), size);
    }

    private static string Describe(FileType type) => type switch
    {
        FileType.Directory => "a directory",
        FileType.Fifo => "a FIFO (named pipe)",
        FileType.CharacterDevice => "a character device",
        FileType.BlockDevice => "a block device",
        FileType.Socket => "a socket",
        _ => "not a plain file",
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int dirfd, string path, int flags, uint mask, ref byte buffer);

    /// <summary>The file types of <c>st_mode &amp; S_IFMT</c>.</summary>
    private enum FileType
    {
        Fifo = 0x1000,
        CharacterDevice = 0x2000,
        Directory = 0x4000,
        BlockDevice = 0x6000,
        Regular = 0x8000,
        Symlink = 0xA000,
        Socket = 0xC000,
    }
}
