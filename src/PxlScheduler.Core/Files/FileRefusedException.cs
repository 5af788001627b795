namespace PxlScheduler.Core.Files;

/// <summary>
/// A file pxl will not read: not a regular file (a FIFO, a device, a directory, a socket), or larger than the limit for
/// it. The message starts with the file's path as people see it, then says what it is and what pxl reads.
/// </summary>
internal sealed class FileRefusedException(string message) : IOException(message);
